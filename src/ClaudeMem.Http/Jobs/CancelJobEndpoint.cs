using ClaudeMem.Generation.Jobs;

namespace ClaudeMem.Http.Jobs;

public static class CancelJobEndpoint
{
    /// <summary>A job not yet finished is cancelled (cancelling twice is fine); a completed or failed one is a 409.</summary>
    [WolverinePost("/v1/jobs/{id}/cancel"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<GenerationJobAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string id, HttpContext context, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        JobAccess.TransitionAsync(store, context, id, AuditActions.JobCancelled, clock, JobTransitions.Cancel, ct);
}
