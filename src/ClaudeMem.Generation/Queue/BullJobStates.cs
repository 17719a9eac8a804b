namespace ClaudeMem.Generation.Queue;

/// <summary>Job states as BullMQ names them in <c>getJobCounts</c> and <c>getState</c>.</summary>
public static class JobStates
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

/// <summary>Field names of a job hash (<c>&lt;prefix&gt;:&lt;queue&gt;:&lt;id&gt;</c>) as the scripts write them.</summary>
public static class JobFields
{
    public const string Name = "name";
    public const string Data = "data";
    public const string Opts = "opts";
    public const string Timestamp = "timestamp";
    public const string Delay = "delay";
    public const string Priority = "priority";
    public const string ProcessedOn = "processedOn";
    public const string FinishedOn = "finishedOn";
    public const string AttemptsMade = "atm";
    public const string AttemptsMadeLegacy = "attemptsMade";
    public const string AttemptsStarted = "ats";
    public const string StalledCounter = "stc";
    public const string FailedReason = "failedReason";
    public const string Stacktrace = "stacktrace";
    public const string ReturnValue = "returnvalue";
    public const string DeferredFailure = "defa";
    public const string ProcessedBy = "pb";
    public const string Progress = "progress";
}

/// <summary>The <c>event</c> values BullMQ writes to <c>&lt;prefix&gt;:&lt;queue&gt;:events</c>.</summary>
public static class QueueEventNames
{
    public const string Added = "added";
    public const string Waiting = "waiting";
    public const string Delayed = "delayed";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string RetriesExhausted = "retries-exhausted";
    public const string Stalled = "stalled";
    public const string Duplicated = "duplicated";
    public const string Drained = "drained";
    public const string Removed = "removed";
    public const string Progress = "progress";
}
