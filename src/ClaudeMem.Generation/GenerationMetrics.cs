using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ClaudeMem.Generation;

/// <summary>Job and provider instruments (System.Diagnostics.Metrics; the host exports them to Prometheus through OpenTelemetry).</summary>
public static class GenerationMetrics
{
    public const string MeterName = "ClaudeMem.Generation";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("claude_mem.job.duration", "s",
        "Time to run one attempt of a generation job, by kind and outcome");

    public static readonly Histogram<double> ProviderDuration = Meter.CreateHistogram<double>("claude_mem.provider.duration", "s",
        "Time a provider took to answer, by provider and outcome");

    public static readonly Counter<long> ProviderErrors = Meter.CreateCounter<long>("claude_mem.provider.errors", null,
        "Provider calls that failed, by provider and error kind");

    /// <summary>Heartbeats each worker in this process wrote to Valkey, by worker and outcome (ok, failed).</summary>
    public static readonly Counter<long> WorkerHeartbeats = Meter.CreateCounter<long>("claude_mem.worker.heartbeats", null,
        "Heartbeats a worker wrote to Valkey, by worker and outcome");

    /// <summary>Per worker of this process: when its heartbeat last reached Valkey (or when it started, before the first one).</summary>
    private static readonly ConcurrentDictionary<string, long> LastHeartbeats = new();

    public static readonly ObservableGauge<double> WorkerHeartbeatAge = Meter.CreateObservableGauge("claude_mem.worker.heartbeat.age",
        () => LastHeartbeats.Select(w => new Measurement<double>((Environment.TickCount64 - w.Value) / 1000.0, new KeyValuePair<string, object?>("worker", w.Key))),
        "s", "Seconds since the worker's last heartbeat reached Valkey (since it started, before the first); it grows while Valkey is unreachable");

    public static void HeartbeatStarting(string worker) => LastHeartbeats[worker] = Environment.TickCount64;

    public static void HeartbeatWritten(string worker, bool ok)
    {
        if (ok) LastHeartbeats[worker] = Environment.TickCount64;
        WorkerHeartbeats.Add(1, new("worker", worker), new("outcome", ok ? "ok" : "failed"));
    }

    public static void HeartbeatStopped(string worker) => LastHeartbeats.TryRemove(worker, out _);

    public static readonly Counter<long> ProviderTokens = Meter.CreateCounter<long>("claude_mem.provider.tokens", null,
        "Tokens the providers reported using, by provider");
}
