namespace ClaudeMem.Bench.Ingest;

/// <summary>Resident memory of a process, read from /proc/pid/status (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>The largest resident set the process has had since it started (VmHWM).</summary>
    public static double PeakRssMb(int pid) => StatusKilobytes(pid, "VmHWM:") / 1024.0;

    /// <summary>The resident set now (VmRSS).</summary>
    public static double RssMb(int pid) => StatusKilobytes(pid, "VmRSS:") / 1024.0;

    private static long StatusKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
    }
}
