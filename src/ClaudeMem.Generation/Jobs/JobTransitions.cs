using ClaudeMem.Events.Generation;

namespace ClaudeMem.Generation.Jobs;

/// <summary>The operator's transitions, decided once for the HTTP routes and the CLI.</summary>
public static class JobTransitions
{
    /// <summary>Failed or cancelled jobs run again under the same id; any other is refused.</summary>
    public static JobDecision Retry(GenerationJobView job, long nowEpoch) =>
        job.Status is JobStatuses.Failed or JobStatuses.Cancelled
            ? new(new GenerationJobRequeued(job.Id, nowEpoch), null)
            : new(null, $"only failed or cancelled jobs can be retried; this one is {job.Status}");

    /// <summary>
    /// Unfinished jobs are cancelled (a running attempt finishes, but its results are not recorded); a
    /// cancelled one is neither cancelled again nor refused: cancelling twice is fine.
    /// </summary>
    public static JobDecision Cancel(GenerationJobView job, long nowEpoch) =>
        !JobStatuses.IsTerminal(job.Status) ? new(new GenerationJobCancelled(job.Id, nowEpoch), null)
        : job.Status == JobStatuses.Cancelled ? new(null, null)
        : new(null, $"only unfinished jobs can be cancelled; this one is {job.Status}");
}
