using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;
using BullQueue = ClaudeMem.Generation.Queue.Queue;

namespace ClaudeMem.Generation.Tests.Queue;

public sealed class OptionsTests
{
    [Fact]
    public void Fixed_and_exponential_backoff_compute_nodes_delays()
    {
        var random = new Random(1);
        Assert.Equal(500, Backoff.FixedDelay(TimeSpan.FromMilliseconds(500)).DelayFor(3, random));
        var exponential = Backoff.ExponentialDelay(TimeSpan.FromMilliseconds(100));
        Assert.Equal([100L, 200L, 400L, 800L], Enumerable.Range(1, 4).Select(n => exponential.DelayFor(n, random)));
    }

    [Fact]
    public void Jitter_randomises_the_delay_downwards_within_its_fraction()
    {
        var random = new Random(7);
        var jittered = Backoff.ExponentialDelay(TimeSpan.FromMilliseconds(1000), jitter: 0.5);
        var delays = Enumerable.Range(0, 200).Select(_ => jittered.DelayFor(2, random)).ToList();
        Assert.All(delays, d => Assert.InRange(d, 1000, 2000));
        Assert.True(delays.Distinct().Count() > 50, "jitter should spread the delays");
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_is_written()
    {
        var (connection, queue) = await NewQueueAsync("invalid");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.AddAsync("x", new JsonObject(), new JobOptions { Priority = BullQueue.MaxPriority + 1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.AddAsync("x", new JsonObject(),
            new JobOptions { Backoff = Backoff.FixedDelay(TimeSpan.FromSeconds(1), jitter: 1.5) }));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.AddAsync("x", new JsonObject(), new JobOptions { Backoff = new Backoff("", 10) }));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = "42" }));
        Assert.Equal(0, (await queue.GetJobCountsAsync()).Values.Sum());
        Assert.Equal(BullJobStates.Unknown, await queue.GetJobStateAsync("42"));
    }
}
