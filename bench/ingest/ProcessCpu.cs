namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// CPU time consumed by processes, read from /proc (Linux): tells where the 2 cores went during a
/// phase, e.g. server milliseconds per request versus PostgreSQL milliseconds per request.
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every mainstream Linux.

    /// <summary>User + system CPU seconds of a process, plus those of its live children when asked (PostgreSQL backends).</summary>
    public static double Seconds(int pid, bool withChildren = false)
    {
        var total = Ticks(pid) ?? 0;
        if (withChildren)
        {
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

    /// <summary>/proc/pid/stat fields after the command name (which may hold spaces): [0] state, [1] ppid, [11] utime, [12] stime.</summary>
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
