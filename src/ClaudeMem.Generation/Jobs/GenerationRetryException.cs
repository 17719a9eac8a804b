namespace ClaudeMem.Generation.Jobs;

/// <summary>Thrown to a BullMQ worker to have it retry a job after the delay its stream recorded.</summary>
public sealed class GenerationRetryException(string jobId, string? reason, TimeSpan delay)
    : Exception($"job {jobId} will be retried in {delay.TotalSeconds:0.###} s: {reason}")
{
    public TimeSpan Delay { get; } = delay;
}
