namespace ClaudeMem.Generation.Jobs;

/// <summary>Thrown to have the host's durable queue run the job again after its backoff.</summary>
public sealed class GenerationRetryException(string jobId, string? reason)
    : Exception($"job {jobId} will be retried: {reason}");

/// <summary>
/// The engine for local development without Valkey: the job runs right in the handler of the
/// host's durable (PostgreSQL-backed) local queue, whose retry policy supplies the backoff.
/// </summary>
/// <param name="runJobs">False on a server with generation disabled: no consumer is attached, and jobs stay queued.</param>
public sealed class InProcessDispatcher(JobRunner runner, bool runJobs) : IGenerationDispatcher
{
    public const string TransportName = "in-process";

    public async Task DispatchAsync(DispatchGenerationJob job, CancellationToken ct)
    {
        if (!runJobs) return;
        var outcome = await runner.RunAsync(job.JobId, ct);
        if (outcome.Result == JobRunResult.RetryLater) throw new GenerationRetryException(job.JobId, outcome.Error);
    }
}
