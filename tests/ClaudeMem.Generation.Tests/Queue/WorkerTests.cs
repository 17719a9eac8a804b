using System.Collections.Concurrent;
using ClaudeMem.QueueWorkerHost;
using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;

namespace ClaudeMem.Generation.Tests.Queue;

[Collection(QueueCollection.Name)]
public sealed class WorkerTests
{
    [Fact]
    public async Task Runs_jobs_and_stores_their_json_return_values()
    {
        var (connection, queue) = await NewQueueAsync("roundtrip");
        var echoed = await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 7 });
        var empty = await queue.AddAsync(TestJobs.Nothing, (JsonNode?)null);

        await using var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, FastWorker);
        await worker.StartAsync();
        await EventuallyAsync(async () => (await queue.GetJobCountsAsync())[BullJobStates.Completed] == 2, "both jobs completed");

        var echoedJob = (await queue.GetJobAsync(echoed))!;
        Assert.Equal("""{"echo":{"n":7}}""", echoedJob.ReturnValue);
        Assert.Equal(1, echoedJob.AttemptsMade);
        Assert.NotNull(echoedJob.FinishedOn);
        Assert.Equal("null", (await queue.GetJobAsync(empty))!.ReturnValue);
        Assert.Equal(BullJobStates.Completed, await queue.GetJobStateAsync(echoed));
    }

    [Fact]
    public async Task Runs_up_to_concurrency_jobs_at_once()
    {
        var (connection, queue) = await NewQueueAsync("concurrency");
        var running = 0;
        var mostAtOnce = 0;
        var release = new TaskCompletionSource();
        await using var worker = new Worker(connection, queue.Name, async (_, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            await release.Task.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            return null;
        }, FastWorker with { Concurrency = 3 });
        for (var i = 0; i < 6; i++) await queue.AddAsync("job", new JsonObject { ["i"] = i });
        await worker.StartAsync();

        await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref running) == 3), "three jobs running");
        Assert.Equal(3, (await queue.GetJobCountsAsync())[BullJobStates.Active]);
        Assert.Equal(3, (await queue.GetJobCountsAsync())[BullJobStates.Waiting]);
        release.SetResult();
        await EventuallyAsync(async () => (await queue.GetJobCountsAsync())[BullJobStates.Completed] == 6, "all six completed");
        Assert.Equal(3, mostAtOnce);
    }

    [Fact]
    public async Task Retries_with_exponential_backoff_then_fails_with_every_stacktrace()
    {
        var (connection, queue) = await NewQueueAsync("retries");
        var attempts = new ConcurrentQueue<DateTime>();
        await using var worker = new Worker(connection, queue.Name, (_, _) =>
        {
            attempts.Enqueue(DateTime.UtcNow);
            throw new InvalidOperationException("boom");
        }, FastWorker);
        var id = await queue.AddAsync("flaky", new JsonObject(), new JobOptions
        {
            Attempts = 3,
            Backoff = Backoff.ExponentialDelay(TimeSpan.FromMilliseconds(300)),
        });
        await worker.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Failed, "job failed for good");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Equal(3, job.AttemptsMade);
        Assert.Equal("boom", job.FailedReason);
        Assert.Equal(3, job.Stacktrace.Count);
        Assert.All(job.Stacktrace, trace => Assert.Contains("boom", trace));
        var times = attempts.ToArray();
        Assert.Equal(3, times.Length);
        // Exponential: 300 ms before the second attempt, 600 ms before the third.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(290), $"first backoff {times[1] - times[0]}");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(590), $"second backoff {times[2] - times[1]}");

        var events = await ReadEventsAsync(connection, queue.Name);
        Assert.Equal(["added", "waiting", "active", "delayed", "waiting", "active", "delayed", "waiting", "active", "failed", "retries-exhausted"],
            events.Where(e => e.JobId == id).Select(e => e.Name));
    }

    [Fact]
    public async Task A_custom_backoff_type_takes_its_delay_from_the_workers_strategy_and_minus_one_fails_the_job()
    {
        var (connection, queue) = await NewQueueAsync("custombackoff");
        var attempts = new ConcurrentQueue<DateTime>();
        var asked = new ConcurrentQueue<(int AttemptsMade, string Type)>();
        await using var worker = new Worker(connection, queue.Name, (_, _) =>
        {
            attempts.Enqueue(DateTime.UtcNow);
            throw new InvalidOperationException("boom");
        }, FastWorker with
        {
            // Node's settings.backoffStrategy: 700 ms after the first failure, then "do not retry".
            BackoffStrategy = (attemptsMade, type, _, _) =>
            {
                asked.Enqueue((attemptsMade, type));
                return attemptsMade == 1 ? 700 : -1;
            },
        });
        var id = await queue.AddAsync("custom", new JsonObject(), new JobOptions { Attempts = 10, Backoff = Backoff.Custom("from-elsewhere") });
        await worker.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Failed, "job failed once the strategy said -1");
        var times = attempts.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(690), $"backoff {times[1] - times[0]}");
        Assert.Equal([(1, "from-elsewhere"), (2, "from-elsewhere")], asked.ToArray());
        Assert.Equal(2, (await queue.GetJobAsync(id))!.AttemptsMade);
    }

    [Fact]
    public async Task An_unrecoverable_error_fails_the_job_at_once()
    {
        var (connection, queue) = await NewQueueAsync("unrecoverable");
        await using var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, FastWorker);
        var id = await queue.AddAsync(TestJobs.Unrecoverable, new JsonObject { ["message"] = "no point" }, new JobOptions { Attempts = 5 });
        await worker.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Failed, "job failed");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Equal(1, job.AttemptsMade);
        Assert.Equal("no point", job.FailedReason);
    }

    [Fact]
    public async Task Retries_at_once_without_backoff_and_keeps_only_the_last_stacktraces()
    {
        var (connection, queue) = await NewQueueAsync("nobackoff");
        var calls = 0;
        await using var worker = new Worker(connection, queue.Name, (_, _) =>
        {
            var call = Interlocked.Increment(ref calls);
            throw new InvalidOperationException($"attempt {call}");
        }, FastWorker);
        var id = await queue.AddAsync("job", new JsonObject(), new JobOptions { Attempts = 4, StackTraceLimit = 2 });
        await worker.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Failed, "job failed");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Equal(4, job.AttemptsMade);
        Assert.Equal(["attempt 3", "attempt 4"], job.Stacktrace.Select(t => t.Split('\n')[0].Split(": ", 2)[1]));
    }

    [Fact]
    public async Task A_job_marked_as_failed_for_stalling_too_often_is_failed_without_running()
    {
        var (connection, queue) = await NewQueueAsync("defa");
        var ran = 0;
        var id = await queue.AddAsync("job", new JsonObject(), new JobOptions { Attempts = 3 });
        await connection.GetDatabase().HashSetAsync(queue.Keys.Job(id), JobFields.DeferredFailure, "job stalled more than allowable limit");
        await using var worker = new Worker(connection, queue.Name, (_, _) => { Interlocked.Increment(ref ran); return Task.FromResult<JsonNode?>(null); }, FastWorker);
        await worker.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Failed, "job failed");
        Assert.Equal(0, ran);
        Assert.Equal("job stalled more than allowable limit", (await queue.GetJobAsync(id))!.FailedReason);
    }

    [Fact]
    public async Task Renews_the_lock_of_a_job_running_longer_than_the_lock_duration()
    {
        var (connection, queue) = await NewQueueAsync("renewal");
        // Renewals come every LockDuration/2 = 4 s, so a renewal may run up to 4 s late (a loaded
        // 2-core CI machine) before the lock lapses; the job outlives the lock 2.5 times over, so
        // it completes unstalled only if the lock was renewed at least twice.
        var options = FastWorker with { LockDuration = TimeSpan.FromSeconds(8), StalledInterval = TimeSpan.FromMilliseconds(500) };
        await using var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, options);
        var stalled = new ConcurrentBag<string>();
        worker.Stalled += ids => { foreach (var id in ids) stalled.Add(id); };
        // A second worker's stalled checker would requeue the job if the lock ever lapsed.
        await using var watcher = new Worker(connection, queue.Name, TestJobs.RunAsync, options);
        watcher.Stalled += ids => { foreach (var id in ids) stalled.Add(id); };
        var jobId = await queue.AddAsync(TestJobs.Sleep, new JsonObject { ["ms"] = 20000 });
        await worker.StartAsync();
        await EventuallyAsync(async () => await queue.GetJobStateAsync(jobId) == BullJobStates.Active, "job active");
        await watcher.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(jobId) == BullJobStates.Completed, "job completed");
        var job = (await queue.GetJobAsync(jobId))!;
        Assert.Empty(stalled);
        Assert.Equal(0, job.StalledCounter);
        Assert.Equal(1, job.AttemptsMade);
    }

    [Fact]
    public async Task Graceful_stop_lets_running_jobs_finish_and_takes_no_new_ones()
    {
        var (connection, queue) = await NewQueueAsync("graceful");
        var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, FastWorker with { Concurrency = 2 });
        // Long enough that neither finishes (and hands over the next job) before the stop begins.
        var first = await queue.AddAsync(TestJobs.Sleep, new JsonObject { ["ms"] = 3000 });
        var second = await queue.AddAsync(TestJobs.Sleep, new JsonObject { ["ms"] = 3000 });
        await worker.StartAsync();
        await EventuallyAsync(async () => (await queue.GetJobCountsAsync())[BullJobStates.Active] == 2, "both running");
        var later = await queue.AddAsync(TestJobs.Ok, new JsonObject());

        await worker.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(BullJobStates.Completed, await queue.GetJobStateAsync(first));
        Assert.Equal(BullJobStates.Completed, await queue.GetJobStateAsync(second));
        Assert.Equal(BullJobStates.Waiting, await queue.GetJobStateAsync(later));
    }

    [Fact]
    public async Task Jobs_still_running_after_the_grace_period_are_left_to_the_stalled_checker()
    {
        var (connection, queue) = await NewQueueAsync("abandon");
        var options = FastWorker with { LockDuration = TimeSpan.FromSeconds(1), StalledInterval = TimeSpan.FromMilliseconds(500) };
        var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, options);
        var id = await queue.AddAsync(TestJobs.Hang, new JsonObject());
        await worker.StartAsync();
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Active, "job running");

        await worker.StopAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(BullJobStates.Active, await queue.GetJobStateAsync(id));

        var stalled = new ConcurrentBag<string>();
        await using var rescuer = new Worker(connection, queue.Name, (_, _) => Task.FromResult<JsonNode?>(JsonValue.Create("rescued")), options);
        rescuer.Stalled += ids => { foreach (var s in ids) stalled.Add(s); };
        await rescuer.StartAsync();
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Completed, "job rescued");
        Assert.Contains(id, stalled);
        Assert.Equal("\"rescued\"", (await queue.GetJobAsync(id))!.ReturnValue);
    }

    [Fact]
    public async Task A_job_stalling_more_than_max_stalled_count_is_failed_without_running_again()
    {
        var (connection, queue) = await NewQueueAsync("maxstalled");
        var options = FastWorker with { LockDuration = TimeSpan.FromSeconds(1), StalledInterval = TimeSpan.FromMilliseconds(500), MaxStalledCount = 1 };
        var id = await queue.AddAsync(TestJobs.Hang, new JsonObject(), new JobOptions { Attempts = 5 });

        // Two workers in turn take the job and die with it (abandoned, locks left to expire).
        for (var stalls = 0; stalls < 2; stalls++)
        {
            var dying = new Worker(connection, queue.Name, TestJobs.RunAsync, options);
            await dying.StartAsync();
            var expected = stalls;
            // The counter before the state: the stalled checker raises it as it moves the job to wait, so Active read
            // after it means this worker took the job again. The other way round, Active could be the previous worker's
            // hold, and this worker be stopped before taking the job back from wait: the next would run it.
            await EventuallyAsync(async () => (await queue.GetJobAsync(id))!.StalledCounter == expected
                && await queue.GetJobStateAsync(id) == BullJobStates.Active, $"job active after {expected} stalls");
            await dying.StopAsync(TimeSpan.Zero);
        }

        var ran = 0;
        await using var last = new Worker(connection, queue.Name, (_, _) => { Interlocked.Increment(ref ran); return Task.FromResult<JsonNode?>(null); }, options);
        await last.StartAsync();
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Failed, "job failed for stalling");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Equal(0, ran);
        Assert.Equal(2, job.StalledCounter);
        Assert.Equal("job stalled more than allowable limit", job.FailedReason);
        Assert.Null(job.DeferredFailure);
    }

    [Fact]
    public async Task Delayed_jobs_wait_and_prioritized_jobs_go_by_priority()
    {
        var (connection, queue) = await NewQueueAsync("order");
        var order = new ConcurrentQueue<string>();
        // Long enough to stay delayed until the others are done, even on a slow start.
        var delayed = await queue.AddAsync("delayed", new JsonObject(), new JobOptions { Delay = TimeSpan.FromSeconds(4) });
        var low = await queue.AddAsync("low", new JsonObject(), new JobOptions { Priority = 10 });
        await queue.AddAsync("high", new JsonObject(), new JobOptions { Priority = 1 });
        await queue.AddAsync("plain", new JsonObject());
        Assert.Equal(BullJobStates.Delayed, await queue.GetJobStateAsync(delayed));
        Assert.Equal(BullJobStates.Prioritized, await queue.GetJobStateAsync(low));
        var counts = await queue.GetJobCountsAsync();
        Assert.Equal((1, 2, 1), (counts[BullJobStates.Delayed], counts[BullJobStates.Prioritized], counts[BullJobStates.Waiting]));

        var started = DateTime.UtcNow;
        var delayedRanAt = DateTime.MinValue;
        await using var worker = new Worker(connection, queue.Name, (job, _) =>
        {
            order.Enqueue(job.Name);
            if (job.Id == delayed) delayedRanAt = DateTime.UtcNow;
            return Task.FromResult<JsonNode?>(null);
        }, FastWorker);
        await worker.StartAsync();
        await EventuallyAsync(async () => (await queue.GetJobCountsAsync())[BullJobStates.Completed] == 4, "all done");

        Assert.Equal(["plain", "high", "low", "delayed"], order);
        Assert.True(delayedRanAt - started >= TimeSpan.FromSeconds(3), "the delayed job ran too early");
    }

    internal static async Task<IReadOnlyList<QueueEvent>> ReadEventsAsync(StackExchange.Redis.IConnectionMultiplexer connection, string queueName)
    {
        await using var events = await QueueEvents.ConnectAsync(connection, queueName);
        return await events.ReadRangeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
