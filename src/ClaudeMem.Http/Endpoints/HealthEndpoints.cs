using Microsoft.AspNetCore.Authentication;
using ClaudeMem.Http.Auth;
using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Wolverine.Http;

namespace ClaudeMem.Http.Endpoints;

public static class HealthEndpoints
{
    public static readonly string[] QueueLanes = ["event", "summary"];

    [WolverineGet("/healthz")]
    public static object Liveness() => new { status = "ok" };

    [WolverineGet("/api/readiness")]
    public static IResult Ready(Readiness readiness) =>
        readiness.IsReady
            ? Results.Json(new { status = "ready" })
            : Results.Json(new { status = "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Database and queue status, per-queue job counts and live workers; 503 "degraded" when either store is down.</summary>
    [WolverineGet("/api/health")]
    public static async Task<IResult> Health(HttpContext context, IDocumentStore store, ServerSettings settings, QueueHealth queueHealth, CancellationToken ct)
    {
        var database = ProbeDatabaseAsync(store, ct);
        var queue = queueHealth.ProbeAsync(ct);
        var healthy = (await database).Status == "ok" && (await queue).Status == "ok";
        var statusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        // Hosts, pids and queue counts are for key holders; anyone may learn ok or degraded.
        if (!(await context.AuthenticateAsync(ApiKeyAuthentication.SchemeName)).Succeeded)
            return Results.Json(new { status = healthy ? "ok" : "degraded" }, statusCode: statusCode);
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            database = await database,
            queue = new { engine = settings.QueueEngine, prefix = settings.QueuePrefix, lanes = QueueLanes, generationEnabled = !settings.GenerationDisabled, health = await queue },
        };
        return Results.Json(body, statusCode: statusCode);
    }

    [WolverineGet("/v1/info")]
    public static object Info(ServerSettings settings) => new
    {
        name = "claude-mem-server",
        runtime = settings.Runtime ?? "server",
        authMode = settings.AuthMode,
        localDevBypass = settings.LocalDevBypassActive,
        schemaVersion = EventStoreRegistration.SchemaVersion,
        queue = new { engine = settings.QueueEngine, prefix = settings.QueuePrefix, lanes = QueueLanes },
        generation = new { enabled = !settings.GenerationDisabled, provider = settings.Provider },
    };

    private static async Task<ComponentHealth> ProbeDatabaseAsync(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", timeout.Token);
            return new ComponentHealth("ok", null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ComponentHealth("down", e.GetType().Name + ": " + e.Message);
        }
    }

    public sealed record ComponentHealth(string Status, string? Error);
}
