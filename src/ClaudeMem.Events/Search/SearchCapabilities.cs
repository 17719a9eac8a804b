using Npgsql;

namespace ClaudeMem.Events.Search;

/// <summary>
/// Whether the RUM extension can serve ranked order from the index. It is optional: without it
/// (or without the right to create it) search ranks with the stock GIN index.
/// </summary>
public static class SearchCapabilities
{
    public const string RumExtension = "rum";

    /// <summary>Decided once per process, before the schema is described, so server and workers agree.</summary>
    public static bool RumAvailable(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("""
                select exists (select 1 from pg_extension where extname = 'rum')
                    or (exists (select 1 from pg_available_extensions where name = 'rum')
                        and (select rolsuper from pg_roles where rolname = current_user))
                """, connection);
            return command.ExecuteScalar() is true;
        }
        catch (NpgsqlException)
        {
            // Unreachable here means startup validation reports it; search simply runs without RUM.
            return false;
        }
    }
}
