using System.Text.Json;
using ClaudeMem.Events;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaudeMem.Http.Endpoints;

public sealed record StartSessionRequest(
    string? ProjectId,
    string? ExternalSessionId,
    string? ContentSessionId,
    string? AgentId,
    string? AgentType,
    string? PlatformSource,
    JsonElement? Metadata);

public static class StartSessionEndpoint
{
    public static IResult Validate(StartSessionRequest? request, HttpContext context)
    {
        if (request is null) return ApiErrors.Invalid("body", "a JSON object body is required");
        var invalid = Check.First(
            Check.Identifier(request.ProjectId, "projectId"),
            Check.Identifier(request.ExternalSessionId, "externalSessionId", required: false),
            Check.Identifier(request.ContentSessionId, "contentSessionId", required: false),
            Check.Identifier(request.AgentId, "agentId", required: false),
            Check.Identifier(request.AgentType, "agentType", required: false, max: Check.MaxNameLength),
            Check.Identifier(request.PlatformSource, "platformSource", required: false, max: Check.MaxNameLength),
            Check.OptionalObject(request.Metadata, "metadata"));
        if (invalid is not null) return invalid;
        var caller = Caller.From(context);
        return caller.MayUseProject(request.ProjectId!) ? WolverineContinue.Result() : ApiErrors.ForbiddenProject(request.ProjectId!);
    }

    /// <summary>201 for a new session, 200 for the one already started under the same project and external id.</summary>
    [WolverinePost("/v1/sessions/start"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<SessionAnswer>(StatusCodes.Status201Created), ProducesResponseType<SessionAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(StartSessionRequest request, HttpContext context, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var started = await SessionStarts.StartAsync(store, context, caller, request, clock, ct);
        return Results.Json(new SessionAnswer(started.Session), statusCode: started.Created ? 201 : 200);
    }
}

public static class SessionStarts
{
    public sealed record Outcome(SessionView Session, bool Created);

    /// <summary>
    /// Idempotent and race-safe: a natural key (external, else content session id) maps to one
    /// stream id, so the loser of a race hits the primary key and returns the winner's session.
    /// </summary>
    public static async Task<Outcome> StartAsync(IDocumentStore store, HttpContext context, Caller caller,
        StartSessionRequest request, TimeProvider clock, CancellationToken ct)
    {
        var naturalKey = request.ExternalSessionId ?? request.ContentSessionId;
        var id = naturalKey is null
            ? Guid.CreateVersion7()
            : StreamIds.ForSession(caller.TeamId, request.ProjectId!, naturalKey);

        if (naturalKey is not null && await LoadAsync(store, id, ct) is { } existing) return new(existing, false);

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var started = new SessionStarted(id, caller.TeamId, request.ProjectId!, request.ExternalSessionId,
            request.ContentSessionId, request.AgentId, request.AgentType, request.PlatformSource,
            NullIfJsonNull(request.Metadata), now);
        try
        {
            await using var session = store.LightweightSession();
            session.Events.StartStream<SessionView>(id, started);
            AuditActions.Record(session, context, caller, AuditActions.SessionStarted, request.ProjectId!, id.ToString(), now);
            await session.SaveChangesAsync(ct);
            return new(SessionView.Create(started), true);
        }
        catch (Exception e) when (MartenConflicts.IsDuplicate(e))
        {
            return new(await LoadAsync(store, id, ct) ?? throw new InvalidOperationException($"session {id} collided but cannot be loaded", e), false);
        }
    }

    public static async Task<SessionView?> LoadAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<SessionView>(id, ct);
    }

    public static JsonElement? NullIfJsonNull(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } ? value : null;
}

public static class GetSessionEndpoint
{
    [WolverineGet("/v1/sessions/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SessionAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var view = await query.LoadAsync<SessionView>(id, ct);
        return view is not null && Caller.From(context).MaySee(view.TeamId, view.ProjectId)
            ? Results.Json(new SessionAnswer(view))
            : ApiErrors.Missing("session");
    }
}

public static class EndSessionEndpoint
{
    /// <summary>
    /// Ends the session and queues exactly one summary job in the same transaction. Ending twice
    /// answers the ended session and the same job; a racing second end loses on the stream version.
    /// </summary>
    [WolverinePost("/v1/sessions/{id}/end"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<SessionJobAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, HttpContext context, IDocumentStore store, IMartenOutbox outbox,
        ServerSettings settings, TimeProvider clock, CancellationToken ct) => EndAsync(id, context, store, outbox, settings, clock, ct);

    public static async Task<IResult> EndAsync(Guid id, HttpContext context, IDocumentStore store, IMartenOutbox outbox,
        ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        // Marten refuses the empty Guid as a stream id (an exception, not "no stream"); no session has it.
        if (id == Guid.Empty) return ApiErrors.Missing("session");
        var caller = Caller.From(context);
        await using var session = store.LightweightSession();
        outbox.Enroll(session);
        var stream = await session.Events.FetchForWriting<SessionView>(id, ct);
        var view = stream.Aggregate;
        if (view is null || !caller.MaySee(view.TeamId, view.ProjectId)) return ApiErrors.Missing("session");
        if (view.Status == SessionStatus.Ended) return await EndedAsync(store, id, ct);

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var ended = new SessionEnded(id, now);
        stream.AppendOne(ended);
        var job = JobRecords.ForSessionSummary(id, view.TeamId, view.ProjectId, settings.QueueEngine, now, caller.KeyId);
        session.Events.StartStream<GenerationJobView>(job.JobStreamId, job);
        await outbox.PublishAsync(DispatchGenerationJob.For(job));
        AuditActions.Record(session, context, caller, AuditActions.SessionEnded, view.ProjectId, id.ToString(), now);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsConcurrencyConflict(e))
        {
            return await EndedAsync(store, id, ct);
        }
        view.Apply(ended);
        return Results.Json(new SessionJobAnswer(view, JobDescriptor.Queued(job)));
    }

    private static async Task<IResult> EndedAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var view = await query.LoadAsync<SessionView>(id, ct);
        var job = await query.LoadAsync<GenerationJobView>(JobIds.StreamOf(JobIds.ForSessionSummary(id)), ct);
        return Results.Json(new SessionJobAnswer(view!, JobDescriptor.From(job)));
    }
}
