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

    /// <summary>The jobs Valkey holds in no state: lost pushes, told apart from jobs waiting in a backlog.</summary>
    public async Task<IReadOnlyList<GenerationJobView>> NotHeldAsync(IReadOnlyList<GenerationJobView> jobs, CancellationToken ct)
    {
        var notHeld = new List<GenerationJobView>();
        foreach (var ofKind in jobs.GroupBy(j => j.Kind))
        {
            var candidates = ofKind.ToList();
            var held = await queues.For(ofKind.Key).HoldsJobsAsync(candidates.Select(j => j.QueueJobId).ToList(), ct);
            notHeld.AddRange(candidates.Where((_, i) => !held[i]));
        }
        return notHeld;
    }
}
