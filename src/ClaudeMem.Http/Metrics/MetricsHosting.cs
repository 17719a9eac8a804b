using ClaudeMem.Generation;
using ClaudeMem.Http.Configuration;
using Microsoft.AspNetCore.Http.Metadata;
using OpenTelemetry.Metrics;

namespace ClaudeMem.Http.Metrics;

/// <summary>
/// Prometheus metrics through OpenTelemetry. The server answers /metrics to admin keys; the worker,
/// which has no HTTP listener, serves them on CLAUDE_MEM_METRICS_PORT (bound to CLAUDE_MEM_METRICS_HOST, loopback by default).
/// </summary>
public static class MetricsHosting
{
    public const string Path = "/metrics";

    /// <summary>
    /// .NET's own meter: resident memory, GC heap sizes and pauses, thread pool, JIT. Memory is what a 2-core box runs
    /// out of first (issue 11), so an operator sees it beside the request and job metrics. Observable instruments: read
    /// at scrape time only.
    /// </summary>
    public const string RuntimeMeter = "System.Runtime";

    public static void AddServer(IServiceCollection services)
    {
        services.AddSingleton(sp => new ServerGauges(sp.GetRequiredService<Usage.UsageDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServerGauges>>(), sp.GetService<Generation.Jobs.GenerationQueues>()));
        services.AddHostedService(sp => sp.GetRequiredService<ServerGauges>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GenerationMetrics.MeterName, ServerGauges.MeterName, RuntimeMeter)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
    }

    public static void MapServer(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(Path)
            .RequireAuthorization(ScopePolicies.Admin)
            // Text, not JSON: described in the README's Operating section rather than the API document.
            .WithMetadata(new ExcludeFromDescriptionAttribute());

    public static void AddWorker(IServiceCollection services, ServerSettings settings)
    {
        if (settings.MetricsPort is not { } port) return;
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GenerationMetrics.MeterName, RuntimeMeter)
            .AddPrometheusHttpListener(o =>
            {
                o.Host = settings.MetricsHost;
                o.Port = port;
                o.ScrapeEndpointPath = Path;
            }));
    }
}
