using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Sessions;

public static class GetSessionEndpoint
{
    [WolverineGet("/v1/sessions/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SessionAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var view = await query.LoadAsync<SessionView>(id, ct);
        return view is not null && Caller.From(context).MaySee(view.TeamId, view.ProjectId)
            ? Results.Json(new SessionAnswer(view))
            : ApiErrors.Missing("session");
    }
}
