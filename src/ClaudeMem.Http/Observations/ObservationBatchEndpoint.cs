using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Observations;

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
