namespace ClaudeMem.Generation.Queue;

/// <summary>A worker's settings; the defaults are Node BullMQ's.</summary>
public sealed record WorkerOptions
{
    public string Prefix { get; init; } = QueueKeys.DefaultPrefix;

    /// <summary>Recorded in the job hash (<c>pb</c>) of the jobs this worker takes.</summary>
    public string? Name { get; init; }

    public int Concurrency { get; init; } = 1;

    /// <summary>How long a job stays locked without renewal; renewed before half of it has passed (checked every quarter, as Node does).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for jobs whose lock expired (their worker died).</summary>
    public TimeSpan StalledInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a job may stall before it is failed instead of retried.</summary>
    public int MaxStalledCount { get; init; } = 1;

    /// <summary>The longest a worker blocks waiting for the queue's marker when the queue is empty.</summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pause between attempts when Redis cannot be reached.</summary>
    public TimeSpan ConnectionRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retention of finished jobs that do not set their own (null: keep all).</summary>
    public KeepJobs? RemoveOnComplete { get; init; }

    public KeepJobs? RemoveOnFail { get; init; }

    /// <summary>Computes the delay of jobs whose backoff type is not built in (Node's <c>settings.backoffStrategy</c>).</summary>
    public BackoffStrategy? BackoffStrategy { get; init; }
}
