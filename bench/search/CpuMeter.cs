using Npgsql;

namespace ClaudeMem.Bench.Search;

/// <summary>
/// CPU time per query of the server process and of the PostgreSQL cluster, with bench/ingest's /proc reader
/// (<see cref="Ingest.CpuSnapshot"/>). Unlike latency, CPU per query barely depends on what else runs on the machine; on
/// 2 cores, c=8 p99 <= 15 ms needs well under ~3 ms a query all-in.
/// </summary>
public static class CpuMeter
{
    /// <summary>The postmaster of the cluster behind <paramref name="database"/>: the parent of our backend, or null when it does not run here.</summary>
    public static async Task<int?> PostmasterPidAsync(string database)
    {
        if (!OperatingSystem.IsLinux()) return null;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        try
        {
            var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
