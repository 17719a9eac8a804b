using System.Text.Json.Nodes;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Queue;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// Pushes a committed job to its BullMQ queue under its deterministic id (a re-add is a no-op).
/// A Valkey outage throws, and the host's durable outbox retries the push until it lands.
/// </summary>
public sealed class BullMqDispatcher(GenerationQueues queues) : IGenerationDispatcher
{
    public async Task<TimeSpan?> DispatchAsync(DispatchGenerationJob job, CancellationToken ct)
    {
        var data = new JsonObject
        {
            ["jobId"] = job.JobId,
            ["kind"] = job.Kind,
            ["teamId"] = job.TeamId,
            ["projectId"] = job.ProjectId,
            ["sourceType"] = job.SourceType,
            ["sourceId"] = job.SourceId.ToString(),
        };
        await queues.For(job.Kind).AddAsync(job.Kind, data, GenerationQueues.OptionsFor(job.QueueJobId), ct);
        // The workers run it; retries travel inside BullMQ (delayed), never back through here.
        return null;
    }

    /// <summary>Our job id, carried in the BullMQ job's data.</summary>
    public static string JobIdOf(Queue.Job queued) =>
        JsonNode.Parse(queued.Data)?["jobId"]?.GetValue<string>() ?? queued.Id;

    /// <summary>Whether Valkey holds the job (in any state): used to tell a lost push from a long backlog.</summary>
    public async Task<bool> HoldsAsync(GenerationJobView job, CancellationToken ct) =>
        await queues.For(job.Kind).GetJobStateAsync(job.QueueJobId, ct) != BullJobStates.Unknown;
}
