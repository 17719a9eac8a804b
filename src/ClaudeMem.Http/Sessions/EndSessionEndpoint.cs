using ClaudeMem.Events;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Jobs;
using Wolverine.Marten;

namespace ClaudeMem.Http.Sessions;

/// <summary>Ends a session; also the use case behind the TypeScript hooks' summarize (Legacy).</summary>
public static class EndSessionEndpoint
{
    /// <summary>
    /// The session's end and its one final summary job (on the job's own stream), or null when the
    /// session already ended: ending twice changes nothing.
    /// </summary>
    public static (SessionEnded Ended, GenerationJobQueued SummaryJob)? Decide(SessionView session, string transport, string? keyId, long nowEpoch) =>
        session.Status == SessionStatus.Ended
            ? null
            : (new SessionEnded(session.Id, nowEpoch),
                JobRecords.ForSessionSummary(session.Id, session.TeamId, session.ProjectId, transport, nowEpoch, keyId));

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
        if (!caller.MaySee(view)) return ApiErrors.Missing("session");
        if (Decide(view, settings.QueueEngine, caller.KeyId, clock.GetUtcNow().ToUnixTimeMilliseconds()) is not var (ended, job))
            return await EndedAsync(store, id, ct);

        stream.AppendOne(ended);
        session.Events.StartStream<GenerationJobView>(job.JobStreamId, job);
        await outbox.PublishAsync(DispatchGenerationJob.For(job));
        AuditActions.Record(session, context, caller, AuditActions.SessionEnded, view.ProjectId, id.ToString(), ended.EndedAtEpoch);
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
