using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Jobs;
using Wolverine.Marten;

namespace ClaudeMem.Http.Sessions;

/// <summary>
/// A summary of the session so far, without ending it (Claude Code's Stop hook asks after every
/// answer). Each checkpoint is its own summary job; its result replaces the session's summary,
/// so the latest one generated is the one readers see. Ending the session still queues the final one.
/// </summary>
public static class SummarizeSessionEndpoint
{
    public static IResult Validate(SummarizeSessionRequest? request, HttpContext context)
    {
        if (request is null) return ApiErrors.Invalid("body", "a JSON object body is required");
        var invalid = Check.First(
            Check.Identifier(request.ProjectId, "projectId"),
            Check.Identifier(request.ContentSessionId, "contentSessionId", required: false),
            Check.Identifier(request.CheckpointId, "checkpointId"));
        if (invalid is not null) return invalid;
        if ((request.ServerSessionId is null) == (request.ContentSessionId is null))
            return ApiErrors.Invalid("contentSessionId", "give serverSessionId or contentSessionId (exactly one)");
        return Caller.From(context).MayUseProject(request.ProjectId!) ? WolverineContinue.Result() : ApiErrors.ForbiddenProject(request.ProjectId!);
    }

    /// <summary>The job that answers a summary request: the final summary's once the session ended, else the checkpoint's.</summary>
    public static string JobIdFor(SessionView session, string checkpointId) =>
        session.Status == SessionStatus.Ended ? JobIds.ForSessionSummary(session.Id) : JobIds.ForSessionCheckpoint(session.Id, checkpointId);

    /// <summary>The checkpoint's summary job, or null when <paramref name="existing"/> already answers this request.</summary>
    public static GenerationJobQueued? Decide(SessionView session, GenerationJobView? existing, string checkpointId, string transport,
        string? keyId, long nowEpoch) =>
        existing is not null
            ? null
            : JobRecords.ForSessionCheckpoint(session.Id, checkpointId, session.TeamId, session.ProjectId, transport, nowEpoch, keyId);

    /// <summary>201 with the queued job; 200 with the existing one for a checkpoint seen before, or with the final summary's job once the session ended.</summary>
    [WolverinePost("/v1/sessions/summarize"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<SummaryRequested>(StatusCodes.Status201Created), ProducesResponseType<SummaryRequested>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(SummarizeSessionRequest request, HttpContext context, IDocumentStore store, IMartenOutbox outbox,
        ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var sessionId = request.ServerSessionId ?? StreamIds.ForSession(caller.TeamId, request.ProjectId!, request.ContentSessionId!);
        await using var session = store.LightweightSession();
        outbox.Enroll(session);
        var view = await session.LoadAsync<SessionView>(sessionId, ct);
        if (!caller.MaySee(view, request.ProjectId))
            return ApiErrors.Missing(request.ServerSessionId is not null ? $"session {sessionId}" : $"session with contentSessionId '{request.ContentSessionId}'");

        var existing = await session.LoadAsync<GenerationJobView>(JobIds.StreamOf(JobIdFor(view, request.CheckpointId!)), ct);
        var job = Decide(view, existing, request.CheckpointId!, settings.QueueEngine, caller.KeyId, clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (job is null) return Results.Json(new SummaryRequested(view, JobDescriptor.From(existing), false));

        session.Events.StartStream<GenerationJobView>(job.JobStreamId, job);
        await outbox.PublishAsync(DispatchGenerationJob.For(job));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (MartenConflicts.IsDuplicate(e))
        {
            await using var query = store.QuerySession();
            var raced = await query.LoadAsync<GenerationJobView>(job.JobStreamId, ct);
            return Results.Json(new SummaryRequested(view, JobDescriptor.From(raced), false));
        }
        return Results.Json(new SummaryRequested(view, JobDescriptor.Queued(job), true), statusCode: 201);
    }
}
