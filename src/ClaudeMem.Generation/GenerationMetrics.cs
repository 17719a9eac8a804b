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

    public static readonly Counter<long> ProviderTokens = Meter.CreateCounter<long>("claude_mem.provider.tokens", null,
        "Tokens the providers reported using, by provider");
}
