using ClaudeMem.QueueWorkerHost;
using ClaudeMem.Testing;
using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;
using BullQueue = ClaudeMem.Generation.Queue.Queue;

namespace ClaudeMem.Generation.Tests.Queue;

/// <summary>A redis-server of its own, whose clients are all disconnected under the worker's feet.</summary>
[Collection(QueueCollection.Name)]
public sealed class ReconnectTests
{
    [Fact]
    public async Task An_idle_worker_whose_connections_are_killed_reconnects_and_takes_new_jobs()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectAsync(server);
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{server.Configuration},allowAdmin=true");
        var queue = new BullQueue(connection, UniqueQueueName("reconnect"));
        await using var worker = new Worker(connection, queue.Name, TestJobs.RunAsync,
            new WorkerOptions { DrainDelay = TimeSpan.FromSeconds(2), ConnectionRetryDelay = TimeSpan.FromMilliseconds(200) });
        await worker.StartAsync();
        var first = await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 1 });
        await EventuallyAsync(async () => await queue.GetJobStateAsync(first) == BullJobStates.Completed, "first job completed");

        // Drops every normal client: the worker's command connection and its blocked BZPOPMIN.
        var killed = (long)await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        Assert.True(killed >= 2, $"only {killed} connections were killed");

        var second = await EventuallyAsync(async () =>
        {
            try
            {
                return await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 2 });
            }
            catch (Exception error) when (RedisErrors.IsTransient(error))
            {
                return null;
            }
        }, "the producer reconnected");
        await EventuallyAsync(async () => await queue.GetJobStateAsync(second) == BullJobStates.Completed, "second job completed after the reconnect");
        Assert.Equal("""{"echo":{"n":2}}""", (await queue.GetJobAsync(second))!.ReturnValue);
    }
}
