using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Queue;
using ClaudeMem.Http.Infrastructure;
using Marten;
using StackExchange.Redis;
using BullQueue = ClaudeMem.Generation.Queue.Queue;

namespace ClaudeMem.Http.Tests;

/// <summary>The sweeper behind the outbox, with no worker running: the backlog grows, as while workers are down or slow.</summary>
public class DispatchSweeperTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_push_Valkey_lost_behind_a_backlog_longer_than_a_sweep_batch_is_pushed_again()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "sweep");
        const int batches = 3, perBatch = 500;
        Assert.True(batches * perBatch > DispatchSweeper.BatchSize, "the backlog must be longer than one sweep's batch");
        for (var b = 0; b < batches; b++)
        {
            var events = Enumerable.Range(0, perBatch).Select(i => Api.Event("sweep", sourceEventId: $"b{b}-{i}")).ToArray();
            var reply = await pipeline.Api.PostAsync("/v1/events/batch", new { events }, key);
            Assert.True(reply.Code == 201, reply.ToString());
        }
        using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            { EndPoints = { pipeline.Redis.Configuration }, AbortOnConnectFail = false });
        var queue = new BullQueue(redis, JobKinds.Event, pipeline.Prefix);
        await Eventually.TrueAsync(async () => (await queue.GetJobCountsAsync([BullJobStates.Waiting]))[BullJobStates.Waiting] == batches * perBatch,
            TimeSpan.FromSeconds(60), "Valkey to hold every job");

        // The newest job's push is lost (as a Valkey that crashed before writing it loses it): record and place in the list.
        string lostJobId;
        await using (var query = pipeline.Server.Store.QuerySession())
            lostJobId = (await query.Query<GenerationJobView>().Where(j => j.TeamId == "sweep")
                .OrderByDescending(j => j.UpdatedAtEpoch).FirstAsync()).QueueJobId;
        var database = redis.GetDatabase();
        await database.KeyDeleteAsync(queue.Keys.Job(lostJobId));
        await database.ListRemoveAsync(queue.Keys.Wait, lostJobId);

        // The oldest thousand are all held; only a sweep that goes on past them finds it.
        await Eventually.TrueAsync(async () => (await queue.HoldsJobsAsync([lostJobId]))[0], TimeSpan.FromSeconds(30),
            $"the sweeper to push {lostJobId} again");
        Assert.Equal(batches * perBatch, (await queue.GetJobCountsAsync([BullJobStates.Waiting]))[BullJobStates.Waiting]);
    }
}
