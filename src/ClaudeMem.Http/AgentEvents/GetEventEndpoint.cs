using ClaudeMem.Events.AgentEvents;

namespace ClaudeMem.Http.AgentEvents;

public static class GetEventEndpoint
{
    [WolverineGet("/v1/events/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<EventAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var view = await query.LoadAsync<AgentEventView>(id, ct);
        return view is not null && Caller.From(context).MaySee(view.TeamId, view.ProjectId)
            ? Results.Json(new EventAnswer(view))
            : ApiErrors.Missing("event");
    }
}
