using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Sessions;

public static class SessionSummaryEndpoint
{
    [WolverineGet("/v1/sessions/{id}/summary"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SummaryAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var summary = await query.LoadAsync<SummaryView>(id, ct);
        return summary is not null && Caller.From(context).MaySee(summary.TeamId, summary.ProjectId)
            ? Results.Json(new SummaryAnswer(summary))
            : ApiErrors.Missing("summary");
    }
}
