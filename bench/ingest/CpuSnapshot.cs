namespace ClaudeMem.Bench.Ingest;

/// <summary>CPU milliseconds per operation during one phase, split by who spent them.</summary>
public sealed record CpuUsage(double ServerMsPerOp, double PostgresMsPerOp, double BenchMsPerOp);

/// <summary>CPU counters of the server, PostgreSQL (postmaster and backends) and this process, at the start of a phase.</summary>
public sealed record CpuSnapshot(int ServerPid, int PostgresPid, double Server, double Postgres, double Bench)
{
    public static CpuSnapshot Take(int serverPid, int postgresPid) => new(serverPid, postgresPid,
        ProcessCpu.Seconds(serverPid), ProcessCpu.Seconds(postgresPid, withChildren: true), BenchSeconds());

    public CpuUsage Since(long operations)
    {
        var now = Take(ServerPid, PostgresPid);
        double PerOp(double seconds) => seconds * 1000 / Math.Max(1, operations);
        return new CpuUsage(PerOp(now.Server - Server), PerOp(now.Postgres - Postgres), PerOp(now.Bench - Bench));
    }

    private static double BenchSeconds() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
