using ClaudeMem.Events.AgentEvents;

namespace ClaudeMem.Http.AgentEvents;

public static class GetEventEndpoint
{
    [WolverineGet("/v1/events/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<EventAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct) =>
        VisibleRecords.AnswerAsync(query, context, id, "event", (AgentEventView agentEvent) => new EventAnswer(agentEvent), ct);
}
