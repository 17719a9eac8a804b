using ClaudeMem.Generation.Jobs;
using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;

namespace ClaudeMem.Generation.Tests.Jobs;

public sealed class WorkerHeartbeatsTests
{
    [Fact]
    public async Task Readers_see_each_live_worker_once_and_stop_seeing_one_that_left()
    {
        var database = (await ConnectionAsync()).GetDatabase();
        var prefix = UniqueQueueName("beats");
        Assert.Empty(await WorkerHeartbeats.ReadAsync(database, prefix, CancellationToken.None));

        await WorkerHeartbeats.WriteAsync(database, prefix, "w1", """{"name":"w1","beatAtEpoch":1}""");
        await WorkerHeartbeats.WriteAsync(database, prefix, "w2", """{"name":"w2","beatAtEpoch":2}""");
        await WorkerHeartbeats.WriteAsync(database, prefix, "w1", """{"name":"w1","beatAtEpoch":3}""");
        // Another prefix's worker is another deployment's.
        await WorkerHeartbeats.WriteAsync(database, prefix + "-other", "w9", """{"name":"w9","beatAtEpoch":9}""");

        var beats = await WorkerHeartbeats.ReadAsync(database, prefix, CancellationToken.None);
        Assert.Equal([("w1", 3L), ("w2", 2L)], beats.Select(b => (b.GetProperty("name").GetString(), b.GetProperty("beatAtEpoch").GetInt64()))
            .OrderBy(b => b.Item1).ToList());

        await WorkerHeartbeats.RemoveAsync(database, prefix, "w1");
        Assert.Equal(["w2"], (await WorkerHeartbeats.ReadAsync(database, prefix, CancellationToken.None)).Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_worker_whose_beat_expired_is_not_reported_and_leaves_the_registry_until_it_beats_again()
    {
        var database = (await ConnectionAsync()).GetDatabase();
        var prefix = UniqueQueueName("expired");
        await WorkerHeartbeats.WriteAsync(database, prefix, "gone", """{"name":"gone"}""");
        await WorkerHeartbeats.WriteAsync(database, prefix, "alive", """{"name":"alive"}""");

        // What the key's expiry does when a worker is killed without a goodbye.
        await database.KeyDeleteAsync($"{prefix}:claude-mem:workers:gone");

        Assert.Equal(["alive"], (await WorkerHeartbeats.ReadAsync(database, prefix, CancellationToken.None)).Select(b => b.GetProperty("name").GetString()));
        Assert.False(await database.SetContainsAsync($"{prefix}:claude-mem:workers", "gone"));
        Assert.True(await database.SetContainsAsync($"{prefix}:claude-mem:workers", "alive"));

        await WorkerHeartbeats.WriteAsync(database, prefix, "gone", """{"name":"gone"}""");
        Assert.Equal(["alive", "gone"], (await WorkerHeartbeats.ReadAsync(database, prefix, CancellationToken.None))
            .Select(b => b.GetProperty("name").GetString()).Order().ToList());
    }
}
