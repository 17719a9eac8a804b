namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// The engine for local development without Valkey: the job runs right in the handler of the
/// host's durable (PostgreSQL-backed) local queue; a retry its stream scheduled is handed back
/// to be dispatched again after the recorded delay.
/// </summary>
/// <param name="runJobs">False on a server with generation disabled: no consumer is attached, and jobs stay queued.</param>
public sealed class InProcessDispatcher(JobRunner runner, bool runJobs) : IGenerationDispatcher
{
    public async Task<TimeSpan?> DispatchAsync(DispatchGenerationJob job, CancellationToken ct)
    {
        if (!runJobs) return null;
        var outcome = await runner.RunAsync(job.JobId, ct);
        return outcome.Result == JobRunResult.RetryLater ? outcome.RetryDelay : null;
    }
}
