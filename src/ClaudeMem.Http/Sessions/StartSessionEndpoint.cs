using ClaudeMem.Events.Sessions;
using ClaudeMem.Events;

namespace ClaudeMem.Http.Sessions;

/// <summary>Starts a session; also the use case behind the TypeScript hooks' init and early tool use (Legacy).</summary>
public static class StartSessionEndpoint
{
    public sealed record Outcome(SessionView Session, bool Created);

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

    /// <summary>The session started, or null when <paramref name="existing"/> is already that session: starting is idempotent.</summary>
    public static SessionStarted? Decide(SessionView? existing, StartSessionRequest request, Guid id, string teamId, long nowEpoch) =>
        existing is not null
            ? null
            : new SessionStarted(id, teamId, request.ProjectId!, request.ExternalSessionId, request.ContentSessionId, request.AgentId,
                request.AgentType, request.PlatformSource, JsonObjects.OrNull(request.Metadata), nowEpoch);

    /// <summary>201 for a new session, 200 for the one already started under the same project and external id.</summary>
    [WolverinePost("/v1/sessions/start"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<SessionAnswer>(StatusCodes.Status201Created), ProducesResponseType<SessionAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(StartSessionRequest request, HttpContext context, IDocumentStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var started = await StartAsync(store, context, Caller.From(context), request, clock, ct);
        return Results.Json(new SessionAnswer(started.Session), statusCode: started.Created ? 201 : 200);
    }

    /// <summary>
    /// Idempotent and race-safe: a natural key (external, else content session id) maps to one
    /// stream id, so the loser of a race hits the primary key and returns the winner's session.
    /// </summary>
    public static async Task<Outcome> StartAsync(IDocumentStore store, HttpContext context, Caller caller,
        StartSessionRequest request, TimeProvider clock, CancellationToken ct)
    {
        var naturalKey = request.ExternalSessionId ?? request.ContentSessionId;
        var now = clock.GetUtcNow();
        var id = naturalKey is null
            ? Guid.CreateVersion7(now)
            : StreamIds.ForSession(caller.TeamId, request.ProjectId!, naturalKey);

        var existing = naturalKey is null ? null : await LoadAsync(store, id, ct);
        if (Decide(existing, request, id, caller.TeamId, now.ToUnixTimeMilliseconds()) is not { } started) return new(existing!, false);
        try
        {
            await using var session = store.LightweightSession();
            session.Events.StartStream<SessionView>(id, started);
            AuditActions.Record(session, context, caller, AuditActions.SessionStarted, request.ProjectId!, id.ToString(), started.StartedAtEpoch);
            await session.SaveChangesAsync(ct);
            return new(SessionView.Create(started), true);
        }
        catch (Exception e) when (MartenConflicts.IsDuplicate(e))
        {
            return new(await LoadAsync(store, id, ct) ?? throw new InvalidOperationException($"session {id} collided but cannot be loaded", e), false);
        }
    }

    private static async Task<SessionView?> LoadAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<SessionView>(id, ct);
    }
}
