using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Jobs;

public static class GetJobEndpoint
{
    /// <summary>The job; its payload (the source event's) only for admin keys.</summary>
    [WolverineGet("/v1/jobs/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<JobAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var job = await JobAccess.LoadAsync(query, caller, id, ct);
        if (job is null) return ApiErrors.Missing("job");
        object? payload = null;
        if (caller.HasScope(ScopePolicies.Admin) && job.SourceType == JobSourceTypes.Event)
            payload = (await query.LoadAsync<AgentEventView>(job.SourceId, ct))?.Payload;
        return Results.Json(new JobAnswer(JobDescriptor.From(job, payload)!));
    }
}
