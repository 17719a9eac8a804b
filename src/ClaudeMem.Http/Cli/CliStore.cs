using ClaudeMem.Events;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Cli;

public static class CliStore
{
    /// <summary>Administration verbs need only the database, not the rest of the server's configuration.</summary>
    public static async Task<DocumentStore> OpenAsync()
    {
        var connectionString = await ConnectionStringAsync();
        return DocumentStore.For(opts => EventStoreRegistration.ConfigureStore(opts, connectionString, withRum: false));
    }

    /// <summary>The database of CLAUDE_MEM_SERVER_DATABASE_URL, once it answers.</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        var errors = new List<string>();
        var connectionString = StartupValidation.DatabaseConnectionString(StartupValidation.ProcessEnvironment(), errors);
        if (errors.Count > 0) throw new CliException(errors[0], CommandLine.ConfigurationExit);
        await ServerCommands.RequireDatabaseAsync(connectionString);
        return connectionString;
    }
}
