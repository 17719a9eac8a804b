using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>Keys of the job options object stored in the job hash's <c>opts</c> field.</summary>
public static class JobOptionNames
{
    public const string Attempts = "attempts";
    public const string Backoff = "backoff";
    public const string Delay = "delay";
    public const string Priority = "priority";
    public const string Lifo = "lifo";
    public const string RemoveOnComplete = "removeOnComplete";
    public const string RemoveOnFail = "removeOnFail";
    public const string StackTraceLimit = "stackTraceLimit";
    public const string JobId = "jobId";

    /// <summary>Fields of the <c>backoff</c> object.</summary>
    public const string BackoffType = "type";
    public const string BackoffDelay = "delay";
    public const string BackoffJitter = "jitter";

    /// <summary>Fields of a <c>removeOnComplete</c>/<c>removeOnFail</c> object (and of the scripts' <c>keepJobs</c>).</summary>
    public const string KeepCount = "count";
    public const string KeepAge = "age";
}
