using System.Text.Json;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Generation.Queue;
using StackExchange.Redis;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Probes the queue for /api/health: Valkey reachable, job counts per queue, live workers. Null queues = the in-process engine.</summary>
public sealed class QueueHealth(GenerationQueues? queues)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    private static readonly string[] CountedStates =
        [BullJobStates.Waiting, BullJobStates.Active, BullJobStates.Completed, BullJobStates.Failed, BullJobStates.Delayed, BullJobStates.Prioritized];

    public sealed record QueueStatus(string Status, string? Error, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? Counts,
        IReadOnlyList<JsonElement>? Workers);

    public async Task<QueueStatus> ProbeAsync(CancellationToken ct)
    {
        if (queues is null) return new("ok", null, null, null);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ProbeTimeout);
            if (!queues.Connection.IsConnected) return new("down", "not connected to Valkey", null, null);
            var counts = new Dictionary<string, IReadOnlyDictionary<string, long>>();
            foreach (var queue in queues.All)
                counts[queue.Name] = await queue.GetJobCountsAsync(CountedStates, timeout.Token);
            return new("ok", null, counts, await WorkerHeartbeats.ReadAsync(queues.Connection.GetDatabase(), queues.Prefix, timeout.Token));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new("down", e.Message, null, null);
        }
    }
}
