using System.Globalization;
using Npgsql;

namespace ClaudeMem.Bench.Search;

/// <summary>CPU time a cell cost per query: the server process's and the PostgreSQL cluster's, in milliseconds.</summary>
public sealed record CpuCost(double ServerMs, double PostgresMs)
{
    public double TotalMs => ServerMs + PostgresMs;
}

/// <summary>
/// Reads CPU time (user + system) from /proc: of the server process, and of every process of the PostgreSQL cluster
/// (the postmaster's children: backends, writers, WAL). Unlike latency, CPU per query barely depends on what else runs on
/// the machine, which is what a number taken beside other sessions needs; on 2 cores, c=8 p99 <= 15 ms needs well under
/// ~3 ms a query all-in. Linux only; elsewhere the cost is not reported.
/// </summary>
public sealed class CpuMeter(int serverPid, int postmasterPid)
{
    private static readonly double MsPerTick = 1000.0 / 100; // USER_HZ is 100 on Linux whatever the kernel's HZ

    public static async Task<CpuMeter?> CreateAsync(int serverPid, string database)
    {
        if (!OperatingSystem.IsLinux()) return null;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        // PostgreSQL on another machine: its processes are not here to read.
        return Stat(backend) is { } stat ? new CpuMeter(serverPid, stat.ParentPid) : null;
    }

    public (long Server, long Postgres) Sample()
    {
        long postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && (stat.ParentPid == postmasterPid || pid == postmasterPid))
                postgres += stat.Ticks;
        return (Stat(serverPid)?.Ticks ?? 0, postgres);
    }

    public static CpuCost PerQuery((long Server, long Postgres) before, (long Server, long Postgres) after, long queries) =>
        new((after.Server - before.Server) * MsPerTick / Math.Max(1, queries), (after.Postgres - before.Postgres) * MsPerTick / Math.Max(1, queries));

    /// <summary>Fields 4 (ppid), 14 (utime) and 15 (stime) of /proc/pid/stat, counted after the command name's closing parenthesis.</summary>
    private static (int ParentPid, long Ticks)? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
