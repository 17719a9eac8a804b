using Microsoft.AspNetCore.Authentication;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Health;

public static class HealthEndpoint
{
    /// <summary>Database and queue status, per-queue job counts and live workers; 503 "degraded" when either store is down.</summary>
    [WolverineGet("/api/health")]
    [ProducesResponseType<HealthAnswer>(StatusCodes.Status200OK), ProducesResponseType<HealthAnswer>(StatusCodes.Status503ServiceUnavailable)]
    public static async Task<IResult> Health(HttpContext context, IDocumentStore store, ServerSettings settings, QueueHealth queueHealth, CancellationToken ct)
    {
        var database = ProbeDatabaseAsync(store, ct);
        var queue = queueHealth.ProbeAsync(ct);
        var healthy = (await database).Status == "ok" && (await queue).Status == "ok";
        var statusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        // Hosts, pids and queue counts are for key holders; anyone may learn ok or degraded.
        if (!(await context.AuthenticateAsync(ApiKeyAuthentication.SchemeName)).Succeeded)
            return Results.Json(new HealthAnswer(healthy ? "ok" : "degraded"), statusCode: statusCode);
        var body = new HealthAnswer(healthy ? "ok" : "degraded", await database,
            new QueueDetails(settings.QueueEngine, settings.QueuePrefix, QueueLanes.All, !settings.GenerationDisabled, await queue));
        return Results.Json(body, statusCode: statusCode);
    }

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
}
