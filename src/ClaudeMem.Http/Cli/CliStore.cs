using ClaudeMem.Events;
using ClaudeMem.Http.Configuration;
using Marten;

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
        var url = Environment.GetEnvironmentVariable(EnvVars.DatabaseUrl);
        if (string.IsNullOrWhiteSpace(url)) throw new CliException($"{EnvVars.DatabaseUrl} is required", CommandLine.ConfigurationExit);
        string connectionString;
        try { connectionString = ServerSettings.ToConnectionString(url); }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException)
        {
            throw new CliException($"{EnvVars.DatabaseUrl} is not a valid PostgreSQL URL or connection string: {e.Message}", CommandLine.ConfigurationExit);
        }
        await ServerCommands.RequireDatabaseAsync(connectionString);
        return connectionString;
    }
}
