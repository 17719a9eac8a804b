using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Observations;

public static class GetObservationEndpoint
{
    [WolverineGet("/v1/observations/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<ObservationAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var observation = await query.LoadAsync<ObservationView>(id, ct);
        return observation is not null && Caller.From(context).MaySee(observation.TeamId, observation.ProjectId)
            ? Results.Json(new ObservationAnswer(FullRecords.Observation(observation)))
            : ApiErrors.Missing("observation");
    }
}
