using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Search;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaudeMem.Http.Observations;

public sealed record ObservationBatchRequest(IReadOnlyList<Guid>? Ids);

/// <summary>One record with all it holds.</summary>
public sealed record ObservationAnswer(FullRecord Observation);

/// <summary>The records found, in the order asked, and the ids not found or not visible to the key.</summary>
public sealed record ObservationBatchAnswer(IReadOnlyList<FullRecord> Observations, IReadOnlyList<Guid> Missing);

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

/// <summary>Full records (any kind a search returns) by id, up to 100, in the order asked; unknown or unseen ids are listed as missing.</summary>
public static class ObservationBatchEndpoint
{
    public const int MaxIds = 100;

    public static IResult Validate(ObservationBatchRequest? request) => request?.Ids switch
    {
        null => ApiErrors.Invalid("ids", "ids (an array of record ids) is required"),
        { Count: 0 } => ApiErrors.Invalid("ids", "ids must not be empty"),
        { Count: > MaxIds } => ApiErrors.Invalid("ids", $"at most {MaxIds} ids"),
        _ => WolverineContinue.Result(),
    };

    [WolverinePost("/v1/observations/batch"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<ObservationBatchAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(ObservationBatchRequest request, HttpContext context, SearchQueries search, IQuerySession query, CancellationToken ct)
    {
        var (found, missing) = await FullRecords.LoadAsync(request.Ids!, Caller.From(context), search, query, ct);
        return Results.Json(new ObservationBatchAnswer(found, missing));
    }
}

/// <summary>Deleting an observation is an event: it leaves search, timeline and context at once and stays in the log.</summary>
public static class DeleteObservationEndpoint
{
    [WolverineDelete("/v1/observations/{id}"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<DeletedAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Delete(Guid id, HttpContext context, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var observation = await session.LoadAsync<ObservationView>(id, ct);
        if (observation is null || !caller.MaySee(observation.TeamId, observation.ProjectId)) return ApiErrors.Missing("observation");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        session.Events.Append(id, new ObservationDeleted(id, observation.TeamId, observation.ProjectId, now));
        AuditActions.Record(session, context, caller, AuditActions.ObservationDeleted, observation.ProjectId, id.ToString(), now);
        await session.SaveChangesAsync(ct);
        return Results.Json(new DeletedAnswer(new DeletedRecord(SearchKinds.Observation, id)));
    }
}
