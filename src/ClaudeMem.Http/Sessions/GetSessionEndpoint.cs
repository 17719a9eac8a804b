using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Sessions;

public static class GetSessionEndpoint
{
    [WolverineGet("/v1/sessions/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SessionAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct) =>
        VisibleRecords.AnswerAsync(query, context, id, "session", (SessionView session) => new SessionAnswer(session), ct);
}
