namespace ClaudeMem.Generation.Queue;

/// <summary>The Redis keys of one BullMQ queue: <c>&lt;prefix&gt;:&lt;queue&gt;:&lt;suffix&gt;</c>, exactly as BullMQ names them.</summary>
public sealed class QueueKeys
{
    public const string DefaultPrefix = "bull";

    public QueueKeys(string queueName, string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        QueueName = queueName;
        Prefix = prefix;
        Base = $"{prefix}:{queueName}:";
        Wait = Base + "wait";
        Active = Base + "active";
        Paused = Base + "paused";
        WaitingChildren = Base + "waiting-children";
        Id = Base + "id";
        Delayed = Base + "delayed";
        Prioritized = Base + "prioritized";
        StalledCheck = Base + "stalled-check";
        Completed = Base + "completed";
        Failed = Base + "failed";
        Stalled = Base + "stalled";
        Repeat = Base + "repeat";
        Limiter = Base + "limiter";
        Meta = Base + "meta";
        Events = Base + "events";
        PriorityCounter = Base + "pc";
        Marker = Base + "marker";
    }

    public string QueueName { get; }
    public string Prefix { get; }

    /// <summary><c>&lt;prefix&gt;:&lt;queue&gt;:</c>, the prefix the scripts append job ids and state names to.</summary>
    public string Base { get; }

    public string Wait { get; }
    public string Active { get; }
    public string Paused { get; }
    public string WaitingChildren { get; }
    public string Id { get; }
    public string Delayed { get; }
    public string Prioritized { get; }
    public string StalledCheck { get; }
    public string Completed { get; }
    public string Failed { get; }
    public string Stalled { get; }
    public string Repeat { get; }
    public string Limiter { get; }
    public string Meta { get; }
    public string Events { get; }
    public string PriorityCounter { get; }
    public string Marker { get; }

    public string Job(string jobId) => Base + jobId;
    public string Lock(string jobId) => Base + jobId + ":lock";
    public string Logs(string jobId) => Base + jobId + ":logs";
    public string Metrics(string finishedState) => Base + "metrics:" + finishedState;
    public string State(string stateKeySuffix) => Base + stateKeySuffix;
}
