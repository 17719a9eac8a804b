namespace ClaudeMem.Generation.Queue;

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
