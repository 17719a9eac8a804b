using Microsoft.AspNetCore.Authentication;
using ClaudeMem.Http.Auth;
using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaudeMem.Http.Endpoints;

public static class HealthEndpoints
{
    public static readonly string[] QueueLanes = ["event", "summary"];

    [WolverineGet("/healthz")]
    public static StatusAnswer Liveness() => new("ok");

    [WolverineGet("/api/readiness")]
    [ProducesResponseType<StatusAnswer>(StatusCodes.Status200OK), ProducesResponseType<StatusAnswer>(StatusCodes.Status503ServiceUnavailable)]
    public static IResult Ready(Readiness readiness) =>
        readiness.IsReady
            ? Results.Json(new StatusAnswer("ready"))
            : Results.Json(new StatusAnswer("starting"), statusCode: StatusCodes.Status503ServiceUnavailable);

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
            new QueueDetails(settings.QueueEngine, settings.QueuePrefix, QueueLanes, !settings.GenerationDisabled, await queue));
        return Results.Json(body, statusCode: statusCode);
    }

    [WolverineGet("/v1/info")]
    public static ServerInfo Info(ServerSettings settings) => new(
        "claude-mem-server", settings.Runtime ?? "server", settings.AuthMode, settings.LocalDevBypassActive,
        EventStoreRegistration.SchemaVersion, new QueueInfo(settings.QueueEngine, settings.QueuePrefix, QueueLanes),
        new GenerationInfo(!settings.GenerationDisabled, settings.Provider));

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

    public sealed record StatusAnswer(string Status);

    /// <summary>ok or degraded for anyone; the database and queue details only for a caller with a key.</summary>
    public sealed record HealthAnswer(string Status, ComponentHealth? Database = null, QueueDetails? Queue = null);

    public sealed record QueueDetails(string Engine, string Prefix, IReadOnlyList<string> Lanes, bool GenerationEnabled, QueueHealth.QueueStatus Health);

    public sealed record ServerInfo(string Name, string Runtime, string AuthMode, bool LocalDevBypass, int SchemaVersion, QueueInfo Queue, GenerationInfo Generation);

    public sealed record QueueInfo(string Engine, string Prefix, IReadOnlyList<string> Lanes);

    public sealed record GenerationInfo(bool Enabled, string Provider);
}
