using ClaudeMem.Generation.Jobs;

namespace ClaudeMem.Http.Jobs;

public static class RetryJobEndpoint
{
    /// <summary>A failed or cancelled job runs again under the same id; a completed one is a 409.</summary>
    /// <remarks>Only the requeue event is written: the server's requeue subscription dispatches it, as it does the CLI's (<see cref="RequeueDispatch"/>).</remarks>
    [WolverinePost("/v1/jobs/{id}/retry"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<GenerationJobAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string id, HttpContext context, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        JobAccess.TransitionAsync(store, context, id, AuditActions.JobRetried, clock, JobTransitions.Retry, ct);
}
