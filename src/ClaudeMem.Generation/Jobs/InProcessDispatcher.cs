namespace ClaudeMem.Generation.Jobs;

/// <summary>Thrown to a BullMQ worker to have it retry a job after the delay its stream recorded.</summary>
public sealed class GenerationRetryException(string jobId, string? reason, TimeSpan delay)
    : Exception($"job {jobId} will be retried in {delay.TotalSeconds:0.###} s: {reason}")
{
    public TimeSpan Delay { get; } = delay;
}

/// <summary>
/// The engine for local development without Valkey: the job runs right in the handler of the
/// host's durable (PostgreSQL-backed) local queue; a retry its stream scheduled is handed back
/// to be dispatched again after the recorded delay.
/// </summary>
/// <param name="runJobs">False on a server with generation disabled: no consumer is attached, and jobs stay queued.</param>
public sealed class InProcessDispatcher(JobRunner runner, bool runJobs) : IGenerationDispatcher
{
    public const string TransportName = "in-process";

    public async Task<TimeSpan?> DispatchAsync(DispatchGenerationJob job, CancellationToken ct)
    {
        if (!runJobs) return null;
        var outcome = await runner.RunAsync(job.JobId, ct);
        return outcome.Result == JobRunResult.RetryLater ? outcome.RetryDelay : null;
    }
}
