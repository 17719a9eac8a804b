using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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
