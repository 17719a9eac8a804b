using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.AgentEvents;

public static class EventObservationsEndpoint
{
    [WolverineGet("/v1/events/{id}/observations"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<EventObservations>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        if (await VisibleRecords.LoadAsync<AgentEventView>(query, Caller.From(context), id, ct) is null) return ApiErrors.Missing("event");
        var observations = await query.Query<ObservationView>().Where(o => o.SourceEventId == id).OrderBy(o => o.Id).ToListAsync(ct);
        return Results.Json(new EventObservations(observations));
    }
}
