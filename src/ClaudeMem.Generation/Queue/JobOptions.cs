namespace ClaudeMem.Generation.Queue;

/// <summary>The options of <c>Queue.add</c> this client supports.</summary>
public sealed record JobOptions
{
    /// <summary>A custom id: adding a job whose id exists already is a no-op. Not all digits, no ':'.</summary>
    public string? JobId { get; init; }

    /// <summary>Total attempts, the first one included; 0 and 1 both mean "no retry" (BullMQ's default is 0).</summary>
    public int Attempts { get; init; }

    public Backoff? Backoff { get; init; }
    public TimeSpan? Delay { get; init; }

    /// <summary>1 (highest) .. 2 097 152; 0 means not prioritized.</summary>
    public int Priority { get; init; }

    public bool Lifo { get; init; }
    public KeepJobs? RemoveOnComplete { get; init; }
    public KeepJobs? RemoveOnFail { get; init; }
    public int? StackTraceLimit { get; init; }
}
