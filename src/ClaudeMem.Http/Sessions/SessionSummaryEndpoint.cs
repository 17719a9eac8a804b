using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Sessions;

public static class SessionSummaryEndpoint
{
    [WolverineGet("/v1/sessions/{id}/summary"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SummaryAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct) =>
        VisibleRecords.AnswerAsync(query, context, id, "summary", (SummaryView summary) => new SummaryAnswer(summary), ct);
}
