using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Observations;

public static class GetObservationEndpoint
{
    [WolverineGet("/v1/observations/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<ObservationAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct) =>
        VisibleRecords.AnswerAsync(query, context, id, "observation",
            (ObservationView observation) => new ObservationAnswer(FullRecords.Observation(observation)), ct);
}
