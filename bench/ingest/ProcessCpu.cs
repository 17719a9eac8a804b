namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// CPU time consumed by processes, read from /proc (Linux): tells where the 2 cores went during a
/// phase, e.g. server milliseconds per request versus PostgreSQL milliseconds per request.
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every mainstream Linux.

    /// <summary>
    /// User + system CPU seconds of a process, plus, when asked, those of its children (PostgreSQL
    /// backends): the live ones, and the ones it has reaped (cutime + cstime), so a backend that
    /// exits during a phase (a pool closing an idle connection) keeps counting instead of taking
    /// its CPU time out of the total.
    /// </summary>
    public static double Seconds(int pid, bool withChildren = false)
    {
        var total = Ticks(pid) ?? 0;
        if (withChildren)
        {
            total += ReapedChildrenTicks(pid) ?? 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var child)) continue;
                if (Stat(child) is { } fields && long.Parse(fields[1]) == pid) total += Ticks(child) ?? 0;
            }
        }
        return total / TicksPerSecond;
    }

    private static long? Ticks(int pid) =>
        Stat(pid) is { } fields ? long.Parse(fields[11]) + long.Parse(fields[12]) : null;

    private static long? ReapedChildrenTicks(int pid) =>
        Stat(pid) is { } fields ? long.Parse(fields[13]) + long.Parse(fields[14]) : null;

    /// <summary>/proc/pid/stat fields after the command name (which may hold spaces): [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
