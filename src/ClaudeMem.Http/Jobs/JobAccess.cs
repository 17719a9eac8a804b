using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;

namespace ClaudeMem.Http.Jobs;

public static class JobAccess
{
    /// <summary>The job the caller may see, or null (also for an id no job can have: Marten is not asked).</summary>
    public static async Task<GenerationJobView?> LoadAsync(IQuerySession query, Caller caller, string jobId, CancellationToken ct) =>
        JobIds.LooksValid(jobId) ? await VisibleRecords.LoadAsync<GenerationJobView>(query, caller, JobIds.StreamOf(jobId), ct) : null;

    /// <summary>Load, decide (<see cref="JobTransitions"/>), append: on a concurrent append the decision is taken again from the job's new state (JobStreams).</summary>
    public static async Task<IResult> TransitionAsync(IDocumentStore store, HttpContext context, string jobId, string auditAction,
        TimeProvider clock, Func<GenerationJobView, long, JobDecision> decide, CancellationToken ct)
    {
        var caller = Caller.From(context);
        await using (var query = store.QuerySession())
            if (await LoadAsync(query, caller, jobId, ct) is null) return ApiErrors.Missing("job");

        JobDecision? decision = null;
        var job = await JobStreams.DecideAsync(store, jobId, current =>
        {
            decision = decide(current, clock.GetUtcNow().ToUnixTimeMilliseconds());
            return decision.Event;
        }, ct, (session, next) =>
        {
            AuditActions.Record(session, context, caller, auditAction, next.ProjectId, jobId, clock.GetUtcNow().ToUnixTimeMilliseconds());
            return Task.CompletedTask;
        });
        if (decision is { Event: null, Refusal: { } reason })
            return Results.Json(new ApiErrors.Body(ApiErrors.Conflict, reason), statusCode: StatusCodes.Status409Conflict);
        return Results.Json(new GenerationJobAnswer(JobDescriptor.From(job)!));
    }
}
