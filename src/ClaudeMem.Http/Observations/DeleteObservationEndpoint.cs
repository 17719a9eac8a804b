using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Search;
using Wolverine.Attributes;

namespace ClaudeMem.Http.Observations;

/// <summary>Deleting an observation is an event: it leaves search, timeline and context at once and stays in the log.</summary>
public static class DeleteObservationEndpoint
{
    public static ObservationDeleted Decide(ObservationView observation, long nowEpoch) =>
        new(observation.Id, observation.TeamId, observation.ProjectId, nowEpoch);

    /// <remarks>[Transactional]: Wolverine saves the session (the event and the audit entry) once this returns.</remarks>
    [WolverineDelete("/v1/observations/{id}"), Authorize(Policy = ScopePolicies.Write), Transactional]
    [ProducesResponseType<DeletedAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Delete(Guid id, HttpContext context, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var observation = await session.LoadAsync<ObservationView>(id, ct);
        if (!caller.MaySee(observation)) return ApiErrors.Missing("observation");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        session.Events.Append(id, Decide(observation, now));
        AuditActions.Record(session, context, caller, AuditActions.ObservationDeleted, observation.ProjectId, id.ToString(), now);
        return Results.Json(new DeletedAnswer(new DeletedRecord(SearchKinds.Observation, id)));
    }
}
