using ClaudeMem.QueueWorkerHost;
using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;

namespace ClaudeMem.Generation.Tests.Queue;

[Collection(QueueCollection.Name)]
public sealed class QueueEventsTests
{
    [Fact]
    public async Task Following_the_stream_yields_a_jobs_events_as_they_happen()
    {
        var (connection, queue) = await NewQueueAsync("follow");
        await queue.AddAsync(TestJobs.Ok, new JsonObject { ["before"] = true });
        await using var events = await QueueEvents.ConnectAsync(connection, queue.Name, block: TimeSpan.FromMilliseconds(500));
        using var stop = new CancellationTokenSource(Patience);
        var seen = new List<QueueEvent>();
        var following = Task.Run(async () =>
        {
            await foreach (var e in events.FollowAsync(cancellationToken: stop.Token))
            {
                seen.Add(e);
                if (e.Name == QueueEventNames.Completed && e.JobId == "followed") return;
            }
        });

        await Task.Delay(700); // a blocking read times out at least once before the job comes
        await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 1 }, new JobOptions { JobId = "followed" });
        await using var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, new WorkerOptions { DrainDelay = TimeSpan.FromSeconds(1) });
        await worker.StartAsync();
        await following.WaitAsync(Patience);

        // Only what came after following began: not the first job's "added".
        Assert.Equal(["added", "waiting", "active", "completed"], seen.Where(e => e.JobId == "followed").Select(e => e.Name));
        Assert.DoesNotContain(seen, e => e.Name == QueueEventNames.Added && e.JobId != "followed");
        Assert.Equal("""{"echo":{"n":1}}""", seen.Last().Fields["returnvalue"]);
    }
}
