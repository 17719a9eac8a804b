using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Queue;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Jobs;

/// <summary>The two generation queues (`event`, `summary`) under one prefix shared by server and workers.</summary>
public sealed class GenerationQueues(IConnectionMultiplexer redis, string prefix)
{
    private readonly Dictionary<string, Queue.Queue> _queues =
        JobKinds.All.ToDictionary(kind => kind, kind => new Queue.Queue(redis, kind, prefix));

    public string Prefix => prefix;
    public IConnectionMultiplexer Connection => redis;
    public Queue.Queue For(string kind) => _queues[kind];
    public IEnumerable<Queue.Queue> All => _queues.Values;

    public static JobOptions OptionsFor(string jobId) => new()
    {
        JobId = jobId,
        Attempts = GenerationQueueOptions.QueueAttemptsCeiling,
        Backoff = Backoff.Custom(GenerationQueueOptions.StreamBackoffType),
        RemoveOnComplete = new KeepJobs(GenerationQueueOptions.KeepCompletedCount, GenerationQueueOptions.KeepCompletedAge),
        RemoveOnFail = new KeepJobs(GenerationQueueOptions.KeepFailedCount, GenerationQueueOptions.KeepFailedAge),
    };
}
