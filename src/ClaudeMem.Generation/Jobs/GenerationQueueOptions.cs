namespace ClaudeMem.Generation.Jobs;

/// <summary>Retry and retention for generation jobs (README, "Generation").</summary>
public static class GenerationQueueOptions
{
    /// <summary>Attempts a job gets, counted on its stream (one per <c>GenerationJobStarted</c>).</summary>
    public const int MaxAttempts = 3;
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(5);

    /// <summary>
    /// BullMQ's <c>attempts</c> on a generation job: only a ceiling. The job's stream decides retries
    /// (and fails the job through an unrecoverable error); BullMQ counts differently (not the runs a
    /// crash interrupted), so its own limit sits well above ours and never decides first.
    /// </summary>
    public const int QueueAttemptsCeiling = MaxAttempts * 4;

    /// <summary>The BullMQ backoff type whose delay the worker takes from the job's stream (<see cref="GenerationWorkers"/>).</summary>
    public const string StreamBackoffType = "claude-mem-job-stream";

    /// <summary>The delay before the next attempt: the provider's own hint first, else 5 s doubling per attempt made.</summary>
    public static TimeSpan RetryDelay(int attemptsMade, TimeSpan? providerHint) =>
        providerHint ?? FirstBackoff * Math.Pow(2, Math.Max(0, attemptsMade - 1));

    /// <summary>Jobs are kept (not removed on completion) so a re-add under the same id stays a no-op.</summary>
    public const int KeepCompletedCount = 10_000;
    public static readonly TimeSpan KeepCompletedAge = TimeSpan.FromDays(1);
    public const int KeepFailedCount = 50_000;
    public static readonly TimeSpan KeepFailedAge = TimeSpan.FromDays(14);
}
