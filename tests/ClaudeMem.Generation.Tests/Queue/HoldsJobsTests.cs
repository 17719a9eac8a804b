using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;

namespace ClaudeMem.Generation.Tests.Queue;

/// <summary>The dispatch sweeper's question, "does Valkey hold this job in any state?", answered without searching the backlog.</summary>
public sealed class HoldsJobsTests
{
    [Fact]
    public async Task A_job_is_held_in_every_state_until_it_is_removed_and_exactly_then_adding_its_id_again_is_a_no_op()
    {
        var (connection, queue) = await NewQueueAsync("holds");
        var waiting = await queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = "job-waiting" });
        var delayed = await queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = "job-delayed", Delay = TimeSpan.FromHours(1) });
        var done = await queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = "job-done" });
        // Retention removes a finished job whole: its record and its place in the finished set.
        var removed = await queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = "job-removed", RemoveOnComplete = KeepJobs.NoneKept });
        await using (var worker = new Worker(connection, queue.Name, (_, _) => Task.FromResult<JsonNode?>(null), FastWorker with { Concurrency = 1 }))
        {
            await worker.StartAsync();
            await EventuallyAsync(async () => await queue.GetJobStateAsync(done) == BullJobStates.Completed
                                              && await queue.GetJobStateAsync(waiting) == BullJobStates.Completed
                                              && (await queue.GetJobCountsAsync([BullJobStates.Waiting]))[BullJobStates.Waiting] == 0, "every waiting job ran");
        }

        string[] ids = [waiting, delayed, done, removed, "never-added"];
        var held = await queue.HoldsJobsAsync(ids);
        Assert.Equal(new[] { true, true, true, false, false }, held);
        Assert.Equal(ids.Select(id => id is "job-removed" or "never-added" ? BullJobStates.Unknown : "known"),
            await Task.WhenAll(ids.Select(async id => await queue.GetJobStateAsync(id) == BullJobStates.Unknown ? BullJobStates.Unknown : "known")));

        // Held: a re-add keeps the stored record (same timestamp). Not held: a re-add stores it anew.
        var before = (await queue.GetJobAsync(delayed))!.Timestamp;
        await Task.Delay(5);
        await queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = delayed });
        Assert.Equal(before, (await queue.GetJobAsync(delayed))!.Timestamp);
        await queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = "never-added" });
        var heldNow = await queue.HoldsJobsAsync(["never-added"]);
        Assert.Equal(new[] { true }, heldNow);
    }
}
