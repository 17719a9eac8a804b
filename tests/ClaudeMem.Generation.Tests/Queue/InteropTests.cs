using System.Collections.Concurrent;
using ClaudeMem.QueueWorkerHost;
using ClaudeMem.Testing;
using StackExchange.Redis;
using static ClaudeMem.Generation.Tests.Queue.QueueTestKit;
using BullQueue = ClaudeMem.Generation.Queue.Queue;

namespace ClaudeMem.Generation.Tests.Queue;

/// <summary>Our client against the real Node bullmq 6.7.0 on one redis-server, in both directions.</summary>
[Collection(QueueCollection.Name)]
public sealed class InteropTests
{
    private static readonly WorkerOptions Fast = FastWorker with { StalledInterval = TimeSpan.FromMilliseconds(500), LockDuration = TimeSpan.FromSeconds(2) };

    [Fact]
    public async Task Jobs_added_by_node_run_on_our_worker_and_node_reads_the_outcome()
    {
        var connection = await ConnectionAsync();
        var port = await PortAsync();
        var name = UniqueQueueName("node-to-us");
        var ids = (await NodeBullMq.RunAsync("add", new
        {
            port, queue = name, jobs = new object[]
            {
                new { name = TestJobs.Ok, data = new { n = 1 }, opts = new { jobId = "job-ok" } },
                new { name = TestJobs.Ok, data = new { n = 2 }, opts = new { jobId = "job-ok" } },
                new { name = TestJobs.Nothing, data = new { } },
                new { name = TestJobs.Fail, data = new { message = "always" }, opts = new { attempts = 3, backoff = new { type = "exponential", delay = 100 } } },
                new { name = TestJobs.Unrecoverable, data = new { }, opts = new { attempts = 3 } },
                new { name = TestJobs.Ok, data = new { n = 3 }, opts = new { delay = 1000 } },
                new { name = TestJobs.Ok, data = new { n = 4 }, opts = new { priority = 5 } },
            },
        }))!.AsArray().Select(id => (string)id!).ToArray();
        Assert.Equal("job-ok", ids[0]);
        Assert.Equal("job-ok", ids[1]);

        var queue = new BullQueue(connection, name);
        await using var worker = new Worker(connection, name, TestJobs.RunAsync, Fast with { Concurrency = 4 });
        await worker.StartAsync();
        await EventuallyAsync(async () =>
        {
            var counts = await queue.GetJobCountsAsync();
            return counts[BullJobStates.Completed] == 4 && counts[BullJobStates.Failed] == 2;
        }, "four completed, two failed");

        var ok = (await NodeBullMq.RunAsync("get", new { port, queue = name, id = "job-ok" }))!;
        Assert.Equal("completed", (string?)ok["state"]);
        Assert.Equal(1, (int)ok["returnvalueParsed"]!["echo"]!["n"]!);
        var nothing = (await NodeBullMq.RunAsync("get", new { port, queue = name, id = ids[2] }))!;
        Assert.Null(nothing["returnvalueParsed"]);
        var failed = (await NodeBullMq.RunAsync("get", new { port, queue = name, id = ids[3] }))!;
        Assert.Equal("failed", (string?)failed["state"]);
        Assert.Equal("always", JsonNode.Parse((string)failed["failedReason"]!)!.GetValue<string>());
        Assert.Equal(3, (int)failed["attemptsMade"]!);
        Assert.Equal(3, JsonNode.Parse((string)failed["stacktrace"]!)!.AsArray().Count);
        var unrecoverable = (await queue.GetJobAsync(ids[4]))!;
        Assert.Equal(1, unrecoverable.AttemptsMade);

        var events = await WorkerTests.ReadEventsAsync(connection, name);
        Assert.Contains(events, e => e.Name == QueueEventNames.Duplicated && e.JobId == "job-ok");
        Assert.Contains(events, e => e.Name == QueueEventNames.RetriesExhausted && e.JobId == ids[3] && e.Fields["attemptsMade"] == "3");
        Assert.Equal(2, events.Count(e => e.Name == QueueEventNames.Delayed && e.JobId == ids[3]));
    }

    [Fact]
    public async Task Jobs_added_by_us_run_on_nodes_worker()
    {
        var (connection, queue) = await NewQueueAsync("us-to-node");
        var port = await PortAsync();
        var ok = await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 1 }, new JobOptions { JobId = "custom-1" });
        var again = await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 99 }, new JobOptions { JobId = "custom-1" });
        var failing = await queue.AddAsync(TestJobs.Fail, new JsonObject { ["message"] = "nope" },
            new JobOptions { Attempts = 3, Backoff = Backoff.ExponentialDelay(TimeSpan.FromMilliseconds(100)) });
        var unrecoverable = await queue.AddAsync(TestJobs.Unrecoverable, new JsonObject(), new JobOptions { Attempts = 3 });
        var delayed = await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 2 }, new JobOptions { Delay = TimeSpan.FromSeconds(1) });
        var prioritized = await queue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 3 }, new JobOptions { Priority = 3 });
        Assert.Equal(ok, again);

        await using var node = NodeBullMq.Start("worker", new { port, queue = queue.Name, concurrency = 4 });
        await EventuallyAsync(async () =>
        {
            var counts = await queue.GetJobCountsAsync();
            return counts[BullJobStates.Completed] == 3 && counts[BullJobStates.Failed] == 2;
        }, "three completed, two failed on Node's worker");

        Assert.Equal("""{"echo":{"n":1}}""", (await queue.GetJobAsync(ok))!.ReturnValue);
        var failed = (await queue.GetJobAsync(failing))!;
        Assert.Equal(3, failed.AttemptsMade);
        Assert.Equal("nope", failed.FailedReason);
        Assert.Equal(1, (await queue.GetJobAsync(unrecoverable))!.AttemptsMade);
        var delayedJob = (await queue.GetJobAsync(delayed))!;
        Assert.True(delayedJob.ProcessedOn - delayedJob.Timestamp >= 1000, "the delayed job ran early");
        Assert.Equal(BullJobStates.Completed, await queue.GetJobStateAsync(prioritized));

        var events = await WorkerTests.ReadEventsAsync(connection, queue.Name);
        Assert.Contains(events, e => e.Name == QueueEventNames.RetriesExhausted && e.JobId == failing);
        Assert.Equal(2, events.Count(e => e.Name == QueueEventNames.Delayed && e.JobId == failing));
    }

    [Fact]
    public async Task Custom_ids_are_idempotent_across_both_producers_and_follow_nodes_rules()
    {
        var (connection, queue) = await NewQueueAsync("ids");
        var port = await PortAsync();
        await queue.AddAsync("first", new JsonObject { ["by"] = "us" }, new JobOptions { JobId = "ours" });
        await NodeBullMq.RunAsync("add", new { port, queue = queue.Name, jobs = new object[]
        {
            new { name = "second", data = new { by = "node" }, opts = new { jobId = "ours" } },
            new { name = "first", data = new { by = "node" }, opts = new { jobId = "theirs" } },
        } });
        Assert.Equal("theirs", await queue.AddAsync("second", new JsonObject { ["by"] = "us" }, new JobOptions { JobId = "theirs" }));

        Assert.Equal("""{"by":"us"}""", (await queue.GetJobAsync("ours"))!.Data);
        Assert.Equal("""{"by":"node"}""", (await queue.GetJobAsync("theirs"))!.Data);
        Assert.Equal(2, (await queue.GetJobCountsAsync())[BullJobStates.Waiting]);
        var events = await WorkerTests.ReadEventsAsync(connection, queue.Name);
        Assert.Equal(2, events.Count(e => e.Name == QueueEventNames.Duplicated));

        foreach (var invalid in new[] { "123", "-5", "a:b" })
            await Assert.ThrowsAsync<ArgumentException>(() => queue.AddAsync("x", new JsonObject(), new JobOptions { JobId = invalid }));
        Assert.Equal(2, (await queue.GetJobCountsAsync())[BullJobStates.Waiting]);
    }

    [Fact]
    public async Task Retention_by_count_and_age_trims_finished_jobs_on_both_workers()
    {
        var connection = await ConnectionAsync();
        var port = await PortAsync();

        // Our producer, Node's worker: keep the last 2 completed and the last failed.
        var ours = new BullQueue(connection, UniqueQueueName("keep-node"));
        var ourOptions = new JobOptions { RemoveOnComplete = new KeepJobs(Count: 2), RemoveOnFail = new KeepJobs(Count: 1) };
        var ourIds = new List<string>();
        for (var i = 0; i < 5; i++) ourIds.Add(await ours.AddAsync(TestJobs.Ok, new JsonObject { ["i"] = i }, ourOptions));
        for (var i = 0; i < 3; i++) await ours.AddAsync(TestJobs.Fail, new JsonObject(), ourOptions);
        await using (var node = NodeBullMq.Start("worker", new { port, queue = ours.Name }))
        {
            await EventuallyAsync(async () => (await ours.GetJobCountsAsync())[BullJobStates.Waiting] == 0
                && (await ours.GetJobCountsAsync())[BullJobStates.Active] == 0, "Node drained the queue");
        }
        var counts = await ours.GetJobCountsAsync();
        Assert.Equal((2, 1), (counts[BullJobStates.Completed], counts[BullJobStates.Failed]));
        Assert.Null(await ours.GetJobAsync(ourIds[0]));
        Assert.NotNull(await ours.GetJobAsync(ourIds[4]));

        // Node's producer, our worker: completed jobs older than one second are removed.
        var theirs = UniqueQueueName("keep-us");
        var theirQueue = new BullQueue(connection, theirs);
        await NodeBullMq.RunAsync("add", new { port, queue = theirs, jobs = Enumerable.Range(0, 3).Select(i =>
            new { name = TestJobs.Ok, data = new { i }, opts = new { jobId = $"old-{i}", removeOnComplete = new { age = 1 } } }).ToArray() });
        await using var worker = new Worker(connection, theirs, TestJobs.RunAsync, Fast);
        await worker.StartAsync();
        await EventuallyAsync(async () => (await theirQueue.GetJobCountsAsync())[BullJobStates.Completed] == 3, "three completed");
        await Task.Delay(TimeSpan.FromMilliseconds(2100));
        await NodeBullMq.RunAsync("add", new { port, queue = theirs, jobs = new[]
        {
            new { name = TestJobs.Ok, data = new { i = 3 }, opts = new { jobId = "new-3", removeOnComplete = new { age = 1 } } },
        } });
        await EventuallyAsync(async () => await theirQueue.GetJobStateAsync("new-3") == BullJobStates.Completed, "the new job completed");
        Assert.Equal(1, (await theirQueue.GetJobCountsAsync())[BullJobStates.Completed]);
        Assert.Null(await theirQueue.GetJobAsync("old-0"));
    }

    [Fact]
    public async Task A_job_of_a_killed_node_worker_is_recovered_by_our_stalled_checker()
    {
        var (connection, queue) = await NewQueueAsync("kill-node");
        var port = await PortAsync();
        var id = await queue.AddAsync(TestJobs.Hang, new JsonObject());
        // Its stalled checker also guards the queue for one stalledInterval: keep that short too.
        var node = NodeBullMq.Start("worker", new { port, queue = queue.Name, lockDuration = 1000, stalledInterval = 500 });
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Active, "Node took the job");
        await node.KillAsync();
        await node.DisposeAsync();

        var stalled = new ConcurrentBag<string>();
        await using var rescuer = new Worker(connection, queue.Name, (_, _) => Task.FromResult<JsonNode?>(JsonValue.Create("rescued")), Fast);
        rescuer.Stalled += ids => { foreach (var s in ids) stalled.Add(s); };
        await rescuer.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Completed, "our worker finished the stalled job");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Contains(id, stalled);
        Assert.Equal(1, job.StalledCounter);
        Assert.Equal("\"rescued\"", job.ReturnValue);
        Assert.Contains(await WorkerTests.ReadEventsAsync(connection, queue.Name), e => e.Name == QueueEventNames.Stalled && e.JobId == id);
    }

    [Fact]
    public async Task A_job_of_our_killed_worker_process_is_recovered_by_nodes_stalled_checker()
    {
        var (connection, queue) = await NewQueueAsync("kill-us");
        var port = await PortAsync();
        var id = await queue.AddAsync(TestJobs.Hang, new JsonObject());
        // Its stalled checker also guards the queue for one stalledInterval: keep that short too.
        var ours = DotnetWorkerProcess.Start(new { port, queue = queue.Name, lockDuration = 1000, stalledInterval = 500 });
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Active, "our worker process took the job");
        await ours.KillAsync();
        await ours.DisposeAsync();

        await using var node = NodeBullMq.Start("worker", new { port, queue = queue.Name, handler = "rescue", stalledInterval = 500 });
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Completed, "Node finished the stalled job");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Equal(1, job.StalledCounter);
        Assert.Equal("""{"rescued":true}""", job.ReturnValue);
        await NodeBullMq.WaitForEventAsync(node, "stalled", id);
    }

    [Fact]
    public async Task Our_worker_keeps_the_lock_of_a_long_job_while_nodes_stalled_checker_watches()
    {
        var (connection, queue) = await NewQueueAsync("renew-us");
        var port = await PortAsync();
        var id = await queue.AddAsync(TestJobs.Sleep, new JsonObject { ["ms"] = 5000 });
        await using var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, Fast with { LockDuration = TimeSpan.FromSeconds(2) });
        await worker.StartAsync();
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Active, "our worker took the job");
        await using var node = NodeBullMq.Start("worker", new { port, queue = queue.Name, handler = "rescue", stalledInterval = 300 });
        await NodeBullMq.WaitForEventAsync(node, "ready");

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Completed, "the long job completed");
        var job = (await queue.GetJobAsync(id))!;
        Assert.Equal("""{"slept":5000}""", job.ReturnValue);
        Assert.Equal(0, job.StalledCounter);
        Assert.DoesNotContain(NodeBullMq.Events(node), e => (string?)e["event"] == "stalled");
    }

    [Fact]
    public async Task Nodes_worker_keeps_the_lock_of_a_long_job_while_our_stalled_checker_watches()
    {
        var (connection, queue) = await NewQueueAsync("renew-node");
        var port = await PortAsync();
        var id = await queue.AddAsync(TestJobs.Sleep, new JsonObject { ["ms"] = 5000 });
        await using var node = NodeBullMq.Start("worker", new { port, queue = queue.Name, lockDuration = 2000 });
        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Active, "Node took the job");
        var stalled = new ConcurrentBag<string>();
        await using var watcher = new Worker(connection, queue.Name, (_, _) => Task.FromResult<JsonNode?>(JsonValue.Create("rescued")),
            Fast with { StalledInterval = TimeSpan.FromMilliseconds(300) });
        watcher.Stalled += ids => { foreach (var s in ids) stalled.Add(s); };
        await watcher.StartAsync();

        await EventuallyAsync(async () => await queue.GetJobStateAsync(id) == BullJobStates.Completed, "the long job completed");
        Assert.Empty(stalled);
        Assert.Equal("""{"slept":5000}""", (await queue.GetJobAsync(id))!.ReturnValue);
    }

    [Fact]
    public async Task Job_counts_match_what_node_reports()
    {
        var (connection, queue) = await NewQueueAsync("counts");
        var port = await PortAsync();
        await using (var worker = new Worker(connection, queue.Name, TestJobs.RunAsync, Fast))
        {
            await worker.StartAsync();
            await queue.AddAsync(TestJobs.Ok, new JsonObject());
            await queue.AddAsync(TestJobs.Ok, new JsonObject());
            await queue.AddAsync(TestJobs.Fail, new JsonObject());
            await EventuallyAsync(async () => (await queue.GetJobCountsAsync())[BullJobStates.Failed] == 1
                && (await queue.GetJobCountsAsync())[BullJobStates.Completed] == 2, "finished jobs");
            await worker.StopAsync(TimeSpan.FromSeconds(10));
        }
        await queue.AddAsync(TestJobs.Ok, new JsonObject());
        await queue.AddAsync(TestJobs.Ok, new JsonObject(), new JobOptions { Delay = TimeSpan.FromHours(1) });
        await queue.AddAsync(TestJobs.Ok, new JsonObject(), new JobOptions { Priority = 2 });
        await queue.AddAsync(TestJobs.Ok, new JsonObject(), new JobOptions { Priority = 4 });

        var ours = await queue.GetJobCountsAsync();
        var nodes = (await NodeBullMq.RunAsync("counts", new { port, queue = queue.Name }))!.AsObject();
        Assert.Equal(nodes.Select(kv => kv.Key).Order(), ours.Keys.Order());
        foreach (var (state, count) in nodes) Assert.Equal((long)count!, ours[state]);
        Assert.Equal((1, 1, 2, 2, 1), (ours[BullJobStates.Waiting], ours[BullJobStates.Delayed], ours[BullJobStates.Prioritized], ours[BullJobStates.Completed], ours[BullJobStates.Failed]));
    }

    [Fact]
    public async Task The_event_stream_of_a_scenario_matches_the_one_node_writes()
    {
        var connection = await ConnectionAsync();
        var port = await PortAsync();
        object[] jobs =
        [
            new { name = TestJobs.Ok, data = new { n = 1 }, opts = new { jobId = "a" } },
            new { name = TestJobs.Fail, data = new { message = "twice" }, opts = new { jobId = "b", attempts = 2 } },
            new { name = TestJobs.Unrecoverable, data = new { message = "never" }, opts = new { jobId = "c", attempts = 2 } },
            new { name = TestJobs.Nothing, data = new { }, opts = new { jobId = "d" } },
        ];

        var nodeQueue = UniqueQueueName("events-node");
        await NodeBullMq.RunAsync("add", new { port, queue = nodeQueue, jobs });
        await using (var node = NodeBullMq.Start("worker", new { port, queue = nodeQueue }))
            await WaitUntilFinishedAsync(new BullQueue(connection, nodeQueue), 4);

        var ourQueue = new BullQueue(connection, UniqueQueueName("events-us"));
        await ourQueue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 1 }, new JobOptions { JobId = "a" });
        await ourQueue.AddAsync(TestJobs.Fail, new JsonObject { ["message"] = "twice" }, new JobOptions { JobId = "b", Attempts = 2 });
        await ourQueue.AddAsync(TestJobs.Unrecoverable, new JsonObject { ["message"] = "never" }, new JobOptions { JobId = "c", Attempts = 2 });
        await ourQueue.AddAsync(TestJobs.Nothing, new JsonObject(), new JobOptions { JobId = "d" });
        await using (var worker = new Worker(connection, ourQueue.Name, TestJobs.RunAsync, Fast))
        {
            await worker.StartAsync();
            await WaitUntilFinishedAsync(ourQueue, 4);
        }

        var nodeEvents = Describe(await WorkerTests.ReadEventsAsync(connection, nodeQueue));
        var ourEvents = Describe(await WorkerTests.ReadEventsAsync(connection, ourQueue.Name));
        Assert.Equal(nodeEvents, ourEvents);
        Assert.Contains("retries-exhausted b attemptsMade=2", ourEvents);

        // And Node's QueueEvents reads our stream, return values included.
        var seen = (await NodeBullMq.RunAsync("events", new { port, queue = ourQueue.Name, count = ourEvents.Count }))!.AsArray();
        Assert.Equal(ourEvents.Select(e => e.Split(' ')[0]), seen.Select(e => (string)e!["event"]!));
        Assert.Contains(seen, e => (string?)e!["event"] == "completed" && (string?)e["jobId"] == "a" && e["returnvalue"] is JsonObject parsed && parsed.ToJsonString() == """{"echo":{"n":1}}""");
    }

    [Fact]
    public async Task A_job_hash_we_write_matches_the_one_node_writes_field_by_field()
    {
        var connection = await ConnectionAsync();
        var port = await PortAsync();
        var nodeQueue = new BullQueue(connection, UniqueQueueName("hash-node"));
        var ourQueue = new BullQueue(connection, UniqueQueueName("hash-us"));
        var nodeJobs = new object[]
        {
            new { name = TestJobs.Ok, data = new { text = "héllo \"quoted\"", list = new[] { 1, 2 } } },
            new { name = TestJobs.Ok, data = new { n = 2 }, opts = new { jobId = "full", attempts = 5,
                backoff = new { type = "exponential", delay = 250, jitter = 0.5 }, removeOnComplete = new { count = 10 },
                removeOnFail = new { count = 3, age = 3600 }, stackTraceLimit = 4, lifo = true } },
            new { name = TestJobs.Ok, data = new { n = 3 }, opts = new { jobId = "later", delay = 60000 } },
            new { name = TestJobs.Ok, data = new { n = 4 }, opts = new { jobId = "urgent", priority = 7 } },
        };
        var nodeIds = (await NodeBullMq.RunAsync("add", new { port, queue = nodeQueue.Name, jobs = nodeJobs }))!.AsArray().Select(i => (string)i!).ToArray();
        string[] ourIds =
        [
            await ourQueue.AddAsync(TestJobs.Ok, JsonNode.Parse("""{"text":"héllo \"quoted\"","list":[1,2]}""")),
            await ourQueue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 2 }, new JobOptions
            {
                JobId = "full", Attempts = 5, Backoff = Backoff.ExponentialDelay(TimeSpan.FromMilliseconds(250), 0.5),
                RemoveOnComplete = new KeepJobs(Count: 10), RemoveOnFail = new KeepJobs(3, TimeSpan.FromHours(1)), StackTraceLimit = 4, Lifo = true,
            }),
            await ourQueue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 3 }, new JobOptions { JobId = "later", Delay = TimeSpan.FromMinutes(1) }),
            await ourQueue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 4 }, new JobOptions { JobId = "urgent", Priority = 7 }),
        ];
        Assert.Equal(nodeIds, ourIds);

        var database = connection.GetDatabase();
        foreach (var id in ourIds)
        {
            var theirs = await HashAsync(database, nodeQueue.Keys.Job(id));
            var ours = await HashAsync(database, ourQueue.Keys.Job(id));
            Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
            foreach (var (field, value) in theirs)
            {
                if (field == JobFields.Timestamp) continue;
                if (field == JobFields.Opts)
                    Assert.True(JsonNode.DeepEquals(JsonNode.Parse(value), JsonNode.Parse(ours[field])), $"opts of {id}: node {value} vs ours {ours[field]}");
                else
                    Assert.Equal(value, ours[field]);
            }
            Assert.Equal(await nodeQueue.GetJobStateAsync(id), await ourQueue.GetJobStateAsync(id));
        }
    }

    [Fact]
    public async Task Finished_job_hashes_we_write_match_the_ones_node_writes()
    {
        var connection = await ConnectionAsync();
        var port = await PortAsync();
        var nodeQueue = new BullQueue(connection, UniqueQueueName("finished-node"));
        var ourQueue = new BullQueue(connection, UniqueQueueName("finished-us"));
        await NodeBullMq.RunAsync("add", new { port, queue = nodeQueue.Name, jobs = new object[]
        {
            new { name = TestJobs.Ok, data = new { n = 1 }, opts = new { jobId = "done" } },
            new { name = TestJobs.Fail, data = new { message = "broken" }, opts = new { jobId = "broken", attempts = 2 } },
        } });
        await using (NodeBullMq.Start("worker", new { port, queue = nodeQueue.Name }))
            await WaitUntilFinishedAsync(nodeQueue, 2);
        await ourQueue.AddAsync(TestJobs.Ok, new JsonObject { ["n"] = 1 }, new JobOptions { JobId = "done" });
        await ourQueue.AddAsync(TestJobs.Fail, new JsonObject { ["message"] = "broken" }, new JobOptions { JobId = "broken", Attempts = 2 });
        await using (var worker = new Worker(connection, ourQueue.Name, TestJobs.RunAsync, Fast))
        {
            await worker.StartAsync();
            await WaitUntilFinishedAsync(ourQueue, 2);
        }

        var database = connection.GetDatabase();
        foreach (var id in new[] { "done", "broken" })
        {
            var theirs = await HashAsync(database, nodeQueue.Keys.Job(id));
            var ours = await HashAsync(database, ourQueue.Keys.Job(id));
            Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
            Assert.Contains(JobFields.AttemptsStarted, ours.Keys);
            Assert.Contains(id == "done" ? JobFields.ReturnValue : JobFields.FailedReason, ours.Keys);
            foreach (var (field, value) in theirs)
            {
                switch (field)
                {
                    case JobFields.Timestamp or JobFields.ProcessedOn or JobFields.FinishedOn:
                        continue;
                    case JobFields.Opts:
                        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(value), JsonNode.Parse(ours[field])), $"opts of {id}: node {value} vs ours {ours[field]}");
                        break;
                    case JobFields.Stacktrace:
                        // JavaScript and .NET stack traces differ; one entry per failed attempt on both sides.
                        Assert.Equal(JsonNode.Parse(value)!.AsArray().Count, JsonNode.Parse(ours[field])!.AsArray().Count);
                        break;
                    default:
                        Assert.True(value == ours[field], $"{field} of {id}: node {value} vs ours {ours[field]}");
                        break;
                }
            }
        }
    }

    private static async Task<Dictionary<string, string>> HashAsync(IDatabase database, string key) =>
        (await database.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

    private static Task WaitUntilFinishedAsync(BullQueue queue, int count) =>
        EventuallyAsync(async () =>
        {
            var counts = await queue.GetJobCountsAsync();
            return counts[BullJobStates.Completed] + counts[BullJobStates.Failed] == count && counts[BullJobStates.Active] == 0;
        }, $"{count} jobs finished on {queue.Name}");

    /// <summary>An event without its stream id and time: name, job id and the fields that carry meaning.</summary>
    private static List<string> Describe(IReadOnlyList<QueueEvent> events) =>
        events.Select(e => string.Join(' ', new[] { e.Name, e.JobId ?? "-" }.Concat(
            e.Fields.Where(f => f.Key is not (QueueEvent.EventField or QueueEvent.JobIdField))
                .OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}")))).ToList();
}

[CollectionDefinition(Name)]
public sealed class QueueCollection
{
    public const string Name = "queue interop";
}
