using System.Text.Json;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// The workers' heartbeats in Valkey: a key per worker that expires <see cref="GenerationWorkerOptions.HeartbeatTtl"/>
/// after its last beat, and a set naming the workers, so a reader visits the workers rather than the keyspace.
/// Found by SCAN instead, a reader walked every key, jobs included: /api/health took 250-370 ms with 127,000 keys in
/// Valkey (a backlog of 117,000 jobs), linear in the backlog and past its 3 s probe timeout at about a million.
/// </summary>
public static class WorkerHeartbeats
{
    /// <summary>Each named worker's beat if its key is still there; the names of expired keys leave the set.</summary>
    private const string ReadLiveScript = """
        local live = {}
        for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local beat = redis.call('GET', ARGV[1] .. name)
          if beat then live[#live + 1] = beat else redis.call('SREM', KEYS[1], name) end
        end
        return live
        """;

    private static string Registry(string prefix) => $"{prefix}:claude-mem:workers";
    private static string KeyPrefix(string prefix) => $"{prefix}:claude-mem:workers:";

    /// <summary>The key and the name in one transaction, so the name of a beating worker is never missing from the set.</summary>
    public static Task WriteAsync(IDatabase database, string prefix, string workerName, string description)
    {
        var beat = database.CreateTransaction();
        _ = beat.StringSetAsync(KeyPrefix(prefix) + workerName, description, GenerationWorkerOptions.HeartbeatTtl);
        _ = beat.SetAddAsync(Registry(prefix), workerName);
        return beat.ExecuteAsync();
    }

    public static Task RemoveAsync(IDatabase database, string prefix, string workerName)
    {
        var leave = database.CreateTransaction();
        _ = leave.KeyDeleteAsync(KeyPrefix(prefix) + workerName);
        _ = leave.SetRemoveAsync(Registry(prefix), workerName);
        return leave.ExecuteAsync();
    }

    /// <summary>The live workers' heartbeats, as each wrote it.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ReadAsync(IDatabase database, string prefix, CancellationToken ct)
    {
        var beats = (RedisResult[]?)await database.ScriptEvaluateAsync(ReadLiveScript, [Registry(prefix)], [KeyPrefix(prefix)]).WaitAsync(ct) ?? [];
        return beats.Select(beat => JsonDocument.Parse((string)beat!).RootElement.Clone()).ToList();
    }
}
