using System.Text.Json.Nodes;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Queue;
using Marten;
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
        Attempts = GenerationQueueOptions.MaxAttempts,
        Backoff = Backoff.ExponentialDelay(GenerationQueueOptions.FirstBackoff),
        RemoveOnComplete = new KeepJobs(GenerationQueueOptions.KeepCompletedCount, GenerationQueueOptions.KeepCompletedAge),
        RemoveOnFail = new KeepJobs(GenerationQueueOptions.KeepFailedCount, GenerationQueueOptions.KeepFailedAge),
    };
}

/// <summary>
/// Pushes a committed job to its BullMQ queue under its deterministic id (a re-add is a no-op),
/// then records that it was enqueued. A Valkey outage throws, and the host's durable outbox
/// retries the push until it lands.
/// </summary>
public sealed class BullMqDispatcher(IDocumentStore store, GenerationQueues queues, TimeProvider clock) : IGenerationDispatcher
{
    public const string TransportName = "bullmq";

    public string Transport => TransportName;

    /// <summary>
    /// The BullMQ id: the job id itself, then a suffix per operator retry, because BullMQ keeps a
    /// finished job under its id (that is what makes re-adds no-ops) and would ignore a second add.
    /// </summary>
    public static string QueueJobIdOf(GenerationJobView job) => job.Requeues == 0 ? job.JobId : $"{job.JobId}-r{job.Requeues}";

    /// <summary>Our job id, carried in the BullMQ job's data.</summary>
    public static string JobIdOf(Queue.Job queued) =>
        System.Text.Json.Nodes.JsonNode.Parse(queued.Data)?["jobId"]?.GetValue<string>() ?? queued.Id;

    public async Task DispatchAsync(string jobId, CancellationToken ct)
    {
        GenerationJobView? job;
        await using (var query = store.QuerySession())
            job = await query.LoadAsync<GenerationJobView>(JobIds.StreamOf(jobId), ct);
        if (job is null || !job.AwaitingDispatch || JobStatuses.IsTerminal(job.Status)) return;

        var queue = queues.For(job.Kind);
        var data = new JsonObject
        {
            ["jobId"] = jobId,
            ["kind"] = job.Kind,
            ["teamId"] = job.TeamId,
            ["projectId"] = job.ProjectId,
            ["sourceType"] = job.SourceType,
            ["sourceId"] = job.SourceId.ToString(),
        };
        var queueJobId = QueueJobIdOf(job);
        await queue.AddAsync(job.Kind, data, GenerationQueues.OptionsFor(queueJobId), ct);
        await JobStreams.DecideAsync(store, jobId, j => j.AwaitingDispatch
            ? new GenerationJobEnqueued(j.Id, Transport, queueJobId, clock.GetUtcNow().ToUnixTimeMilliseconds())
            : null, ct);
    }
}
