using ClaudeMem.Events.Generation;
using Marten;

namespace ClaudeMem.Generation.Jobs;

/// <summary>Thrown to have the host's durable queue run the job again after its backoff.</summary>
public sealed class GenerationRetryException(string jobId, string? reason)
    : Exception($"job {jobId} will be retried: {reason}");

/// <summary>
/// The engine for local development without Valkey: the job runs right in the handler of the
/// host's durable (PostgreSQL-backed) local queue, whose retry policy supplies the backoff.
/// </summary>
/// <param name="runJobs">False on a server with generation disabled: no consumer is attached, and jobs stay queued.</param>
public sealed class InProcessDispatcher(IDocumentStore store, JobRunner runner, TimeProvider clock, bool runJobs) : IGenerationDispatcher
{
    public const string TransportName = "in-process";

    public string Transport => TransportName;

    public async Task DispatchAsync(string jobId, CancellationToken ct)
    {
        if (!runJobs) return;
        var job = await JobStreams.DecideAsync(store, jobId, j => j.AwaitingDispatch
            ? new GenerationJobEnqueued(j.Id, Transport, jobId, clock.GetUtcNow().ToUnixTimeMilliseconds())
            : null, ct);
        if (job is null || JobStatuses.IsTerminal(job.Status)) return;
        var outcome = await runner.RunAsync(jobId, ct);
        if (outcome.Result == JobRunResult.RetryLater) throw new GenerationRetryException(jobId, outcome.Error);
    }
}
