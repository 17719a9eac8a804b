using ClaudeMem.Events.Generation;

namespace ClaudeMem.Generation.Jobs;

/// <summary>The operator's transitions, shared by the HTTP routes and the CLI.</summary>
public static class JobTransitions
{
    /// <summary>Failed or cancelled jobs run again under the same id.</summary>
    public static object? Retry(GenerationJobView job, long nowEpoch) =>
        job.Status is JobStatuses.Failed or JobStatuses.Cancelled ? new GenerationJobRequeued(job.Id, nowEpoch) : null;

    public static string? RetryRefusal(GenerationJobView job) =>
        $"only failed or cancelled jobs can be retried; this one is {job.Status}";

    /// <summary>Unfinished jobs are cancelled; a running attempt finishes, but its results are not recorded.</summary>
    public static object? Cancel(GenerationJobView job, long nowEpoch) =>
        JobStatuses.IsTerminal(job.Status) ? null : new GenerationJobCancelled(job.Id, nowEpoch);

    /// <summary>Null when the job is already cancelled: cancelling twice is fine.</summary>
    public static string? CancelRefusal(GenerationJobView job) =>
        job.Status == JobStatuses.Cancelled ? null : $"only unfinished jobs can be cancelled; this one is {job.Status}";
}
