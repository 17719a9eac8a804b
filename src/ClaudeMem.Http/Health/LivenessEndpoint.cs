namespace ClaudeMem.Http.Health;

/// <summary>The process answers: no store is asked.</summary>
public static class LivenessEndpoint
{
    [WolverineGet("/healthz")]
    public static StatusAnswer Liveness() => new("ok");
}
