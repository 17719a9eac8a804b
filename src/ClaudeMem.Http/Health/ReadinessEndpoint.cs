namespace ClaudeMem.Http.Health;

/// <summary>503 "starting" until start-up (schema, warm-up) is done.</summary>
public static class ReadinessEndpoint
{
    [WolverineGet("/api/readiness")]
    [ProducesResponseType<StatusAnswer>(StatusCodes.Status200OK), ProducesResponseType<StatusAnswer>(StatusCodes.Status503ServiceUnavailable)]
    public static IResult Ready(Readiness readiness) =>
        readiness.IsReady
            ? Results.Json(new StatusAnswer("ready"))
            : Results.Json(new StatusAnswer("starting"), statusCode: StatusCodes.Status503ServiceUnavailable);
}
