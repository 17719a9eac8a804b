using System.Collections.Concurrent;
using ClaudeMem.Testing;
using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;
using BullQueue = ClaudeMem.Generation.Queue.Queue;

namespace ClaudeMem.Generation.Tests.Queue;

/// <summary>A redis-server of its own (AOF on), restarted while jobs are being added and processed.</summary>
[Collection(QueueCollection.Name)]
public sealed class RestartTests
{
    private const int JobCount = 300;

    [Fact]
    public async Task The_worker_reconnects_after_a_server_restart_and_every_job_completes_exactly_once()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectAsync(server);
        var queue = new BullQueue(connection, UniqueQueueName("restart"));
        var completions = new ConcurrentDictionary<string, int>();
        var worker = new Worker(connection, queue.Name, async (_, ct) =>
        {
            await Task.Delay(5, ct);
            return null;
        }, new WorkerOptions { Concurrency = 4, DrainDelay = TimeSpan.FromSeconds(1), ConnectionRetryDelay = TimeSpan.FromMilliseconds(200) });
        worker.Completed += (job, _) => completions.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
        var errors = new ConcurrentQueue<string>();
        worker.Error += error => errors.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {error.GetType().Name}: {error.Message}");
        var stalled = new ConcurrentQueue<string>();
        worker.Stalled += ids => { foreach (var id in ids) stalled.Enqueue(id); };
        await worker.StartAsync();

        var producer = Task.Run(() => ProduceAsync(queue));
        await EventuallyAsync(() => Task.FromResult(completions.Count >= JobCount / 3), "a third of the jobs completed");

        var completedBeforeRestart = completions.Count;
        await server.StopProcessAsync();
        await Task.Delay(500);
        await server.StartProcessAsync();

        await producer.WaitAsync(Patience);
        try
        {
            await EventuallyAsync(() => Task.FromResult(completions.Count == JobCount), $"all {JobCount} jobs completed", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException timeout)
        {
            var described = string.Join(", ", (await queue.GetJobCountsAsync()).Select(c => $"{c.Key}={c.Value}"));
            throw new TimeoutException($"{timeout.Message}; {completions.Count} completed events; {described}; worker errors:\n{string.Join("\n", errors.Take(15))}");
        }
        await worker.StopAsync(TimeSpan.FromSeconds(10));

        Assert.True(completedBeforeRestart < JobCount, "the restart came after all the work was done");
        // A script whose reply the restart lost may still have taken a job, or handed the next one
        // over, locked with the worker's token: the worker finds it by that token. Left to the stalled
        // check it would wait for its lock to expire (30 s) and two checks (30 s apart): about a minute.
        Assert.Empty(stalled);
        Assert.All(completions, c => Assert.Equal(1, c.Value));
        var counts = await queue.GetJobCountsAsync();
        Assert.Equal(JobCount, counts[BullJobStates.Completed]);
        Assert.Equal(0, counts[BullJobStates.Waiting] + counts[BullJobStates.Active] + counts[BullJobStates.Failed]);
        Assert.Equal(1, (await queue.GetJobAsync("job-0"))!.AttemptsMade);
    }

    /// <summary>Adds every job, retrying through the outage: a re-add of a custom id is a no-op, so retrying is safe.</summary>
    private static async Task ProduceAsync(BullQueue queue)
    {
        for (var i = 0; i < JobCount; i++)
        {
            while (true)
            {
                try
                {
                    await queue.AddAsync("work", new JsonObject { ["i"] = i }, new JobOptions { JobId = $"job-{i}" });
                    break;
                }
                catch (Exception error) when (RedisErrors.IsTransient(error))
                {
                    await Task.Delay(100);
                }
            }
            if (i % 10 == 0) await Task.Delay(20);
        }
    }
}
