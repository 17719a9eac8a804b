namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Job states as BullMQ names them in <c>getJobCounts</c> and <c>getState</c>: the state of the job in
/// Valkey, which the queue library knows; not a generation job's status (<c>JobStatuses</c>, the job stream's own).
/// </summary>
public static class BullJobStates
{
    public const string Waiting = "waiting";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Delayed = "delayed";
    public const string Prioritized = "prioritized";
    public const string Paused = "paused";
    public const string WaitingChildren = "waiting-children";
    public const string Unknown = "unknown";

    /// <summary>The states <c>Queue.getJobCounts()</c> reports when asked for none in particular.</summary>
    public static readonly IReadOnlyList<string> All =
        [Active, Completed, Delayed, Failed, Prioritized, Waiting, WaitingChildren];

    /// <summary>The list key holding the jobs BullMQ reports as "waiting".</summary>
    internal const string WaitKeySuffix = "wait";
}
