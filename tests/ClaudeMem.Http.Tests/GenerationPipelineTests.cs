using ClaudeMem.Generation.Jobs;
using ClaudeMem.Generation.Providers;
using ClaudeMem.Generation.Queue;
using Marten;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ClaudeMem.Http.Tests;

/// <summary>Events become observations and summaries exactly once, through real workers, Valkey and PostgreSQL.</summary>
public class GenerationPipelineTests(PipelineFixture pipeline, ITestOutputHelper output) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => pipeline.StopWorkersAsync();

    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private async Task<int> ObservationCountAsync(string eventId)
    {
        await using var query = pipeline.Server.Store.QuerySession();
        return await query.Query<ObservationView>().CountAsync(o => o.SourceEventId == Guid.Parse(eventId));
    }

    [Fact]
    public async Task Events_and_session_ends_become_observations_and_a_summary_through_a_worker_process()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "flow");
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment());
        var started = await pipeline.Api.PostAsync("/v1/sessions/start", new { projectId = "flow", contentSessionId = "cc-flow" }, key);
        var sessionId = started.Body!["session"]!["id"]!.ToString();

        await pipeline.Api.PostAsync("/v1/events?generate=false", new
        {
            projectId = "flow", contentSessionId = "cc-flow", sourceType = "hook", eventType = "UserPromptSubmit",
            occurredAtEpoch = Api.Now, payload = new { prompt = "Fix the failing login test" },
        }, key);
        var edit = await pipeline.Api.PostAsync("/v1/events?wait=true&waitMs=60000", new
        {
            projectId = "flow", contentSessionId = "cc-flow", sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now + 1,
            payload = new { tool_name = "Edit", tool_input = new { file_path = "src/login.ts", old_string = "a", new_string = "b" }, tool_response = new { success = true } },
        }, key);
        Assert.True(edit.Code == 201, edit.ToString());
        Assert.False(edit.Body!["waitTimedOut"]!.GetValue<bool>(), edit.ToString());
        var job = edit.Body!["generationJob"]!;
        Assert.Equal(("completed", "bullmq"), (job["status"]!.GetValue<string>(), job["transport"]!.GetValue<string>()));

        var eventId = edit.Body!["event"]!["id"]!.ToString();
        var observations = (await pipeline.Api.GetAsync($"/v1/events/{eventId}/observations", key)).Body!["observations"]!.AsArray();
        var observation = Assert.Single(observations)!;
        Assert.Contains("src/login.ts", observation["filesModified"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(1, observation["promptNumber"]!.GetValue<int>());

        var ended = await pipeline.Api.PostAsync($"/v1/sessions/{sessionId}/end", new { }, key);
        var summaryJob = ended.Body!["generationJob"]!["id"]!.GetValue<string>();
        await pipeline.WaitForJobAsync(key, summaryJob, s => s == "completed", JobTimeout);
        var summary = (await pipeline.Api.GetAsync($"/v1/sessions/{sessionId}/summary", key)).Body!["summary"]!;
        Assert.Contains("login", summary["request"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_valkey_down_ingest_still_succeeds_and_the_jobs_run_once_it_is_back()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "outage");
        await pipeline.Redis.StopProcessAsync();
        var jobIds = new List<string>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("outage", sourceEventId: $"outage-{i}"), key);
                Assert.True(reply.Code == 201, reply.ToString());
                jobIds.Add(reply.Body!["generationJob"]!["id"]!.GetValue<string>());
            }
            var queued = (await pipeline.Api.GetAsync($"/v1/jobs/{jobIds[0]}", key)).Body!["job"]!;
            Assert.Equal("queued", queued["status"]!.GetValue<string>());
        }
        finally
        {
            await pipeline.Redis.StartProcessAsync();
        }

        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment());
        foreach (var jobId in jobIds)
            await pipeline.WaitForJobAsync(key, jobId, s => s == "completed", JobTimeout);
    }

    [Fact]
    public async Task Valkey_crashing_loses_acknowledged_jobs_which_the_sweeper_pushes_again_and_each_completes_once()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "valkey-kill");
        using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            { EndPoints = { pipeline.Redis.Configuration }, AbortOnConnectFail = false });
        var queue = new ClaudeMem.Generation.Queue.Queue(redis, JobKinds.Event, pipeline.Prefix);
        async Task<List<string>> PostAsync(string batch, int count)
        {
            var jobIds = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("valkey-kill", sourceEventId: $"{batch}-{i}"), key);
                Assert.True(reply.Code == 201, reply.ToString());
                jobIds.Add(reply.Body!["generationJob"]!["id"]!.GetValue<string>());
            }
            return jobIds;
        }
        async Task<string> QueueJobIdAsync(string jobId) =>
            (await pipeline.Api.GetAsync($"/v1/jobs/{jobId}", key)).Body!["job"]!["bullmqJobId"]!.GetValue<string>();

        // Before: jobs that ran, whose BullMQ records Valkey keeps through the crash.
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment());
        var ran = await PostAsync("ran", 10);
        foreach (var jobId in ran) await pipeline.WaitForJobAsync(key, jobId, s => s == "completed", JobTimeout);
        await pipeline.StopWorkersAsync();

        // Acknowledged twice (201 to the client, then held by Valkey), waiting for a worker when Valkey crashes.
        var mark = pipeline.Redis.AppendOnlyLength();
        var waiting = await PostAsync("waiting", 10);
        foreach (var jobId in waiting)
        {
            var queueJobId = await QueueJobIdAsync(jobId);
            await Eventually.TrueAsync(async () => await queue.GetJobStateAsync(queueJobId) == BullJobStates.Waiting, JobTimeout, $"Valkey to hold {queueJobId}");
        }
        var crashedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await pipeline.Redis.CrashLosingWritesAfterAsync(mark);
        List<string> duringOutage;
        var lostAtRestart = 0;
        try
        {
            duringOutage = await PostAsync("outage", 10);
            var health = await pipeline.Api.GetAsync("/api/health");
            Assert.True(health.Code == 503 && health.Body!["status"]!.GetValue<string>() == "degraded", health.ToString());
        }
        finally
        {
            await pipeline.Redis.StartProcessAsync();
        }
        // What Valkey holds right after the restart (the sweeper waits two intervals before it steps in, so
        // this is usually all ten; reported, not asserted: the proof below does not depend on timing).
        foreach (var jobId in waiting)
            if (await queue.GetJobStateAsync(await QueueJobIdAsync(jobId)) == BullJobStates.Unknown) lostAtRestart++;
        await Eventually.TrueAsync(async () => (await pipeline.Api.GetAsync("/api/health")).Code == 200, JobTimeout, "health ok again");

        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment());
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment());
        var all = ran.Concat(waiting).Concat(duringOutage).ToList();
        foreach (var jobId in all) await pipeline.WaitForJobAsync(key, jobId, s => s == "completed", JobTimeout);

        // Adding a job Valkey holds is a no-op that keeps the stored timestamp, so a BullMQ record created after
        // the crash proves the original was lost and pushed again (by the sweeper: the outbox had delivered it).
        async Task<long> AddedAtAsync(string jobId) => (await queue.GetJobAsync(await QueueJobIdAsync(jobId)))!.Timestamp;
        var repushed = 0;
        foreach (var jobId in waiting)
            if (await AddedAtAsync(jobId) > crashedAt) repushed++;
        foreach (var jobId in ran) Assert.True(await AddedAtAsync(jobId) < crashedAt, $"{jobId}: a record the crash kept shows as re-pushed");
        output.WriteLine($"lost by the crash and seen missing at restart: {lostAtRestart}/10; re-pushed after it: {repushed}/10");
        Assert.Equal(waiting.Count, repushed);

        foreach (var jobId in all)
        {
            var job = (await pipeline.Api.GetAsync($"/v1/jobs/{jobId}", key)).Body!["job"]!;
            // The offline provider gives a Read exactly one observation: a job run twice would show two.
            Assert.Equal(1, await ObservationCountAsync(job["sourceId"]!.ToString()));
            Assert.Equal(1, job["attempts"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_job_redelivered_after_its_worker_is_killed_mid_provider_call_yields_one_set_of_observations()
    {
        var firstCallArrived = new TaskCompletionSource();
        await using var llm = await FakeChatCompletions.StartAsync(async (n, ct) =>
        {
            if (n == 1)
            {
                firstCallArrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // the worker dies while waiting for this answer
            }
            return FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"call {n}"));
        });
        var key = await pipeline.Server.CreateKeyAsync(team: "stalled");
        var env = pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl);
        var doomed = await pipeline.StartWorkerAsync(env);

        var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("stalled"), key);
        var jobId = reply.Body!["generationJob"]!["id"]!.GetValue<string>();
        await firstCallArrived.Task.WaitAsync(JobTimeout);
        await doomed.KillAsync();

        await pipeline.StartWorkerAsync(env);
        var job = await pipeline.WaitForJobAsync(key, jobId, s => s == "completed", JobTimeout);
        Assert.Equal(2, llm.Requests);
        Assert.Equal(2, job["attempts"]!.GetValue<int>());
        Assert.Equal(2, await ObservationCountAsync(reply.Body!["event"]!["id"]!.ToString()));
    }

    [Fact]
    public async Task Two_runners_racing_on_one_job_record_one_set_of_observations()
    {
        var bothCalled = new TaskCompletionSource();
        await using var llm = await FakeChatCompletions.StartAsync(async (n, ct) =>
        {
            if (n == 2) bothCalled.TrySetResult();
            await bothCalled.Task.WaitAsync(ct);
            return FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"runner {n}"));
        });
        var key = await pipeline.Server.CreateKeyAsync(team: "race");
        var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("race"), key);
        var jobId = reply.Body!["generationJob"]!["id"]!.GetValue<string>();

        var provider = GenerationConfiguration.CreateProvider(pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl), new HttpClient());
        var runners = Enumerable.Range(1, 2).Select(i => new JobRunner(pipeline.Server.Store, provider, TimeProvider.System, $"racer-{i}"));
        var outcomes = await Task.WhenAll(runners.Select(r => r.RunAsync(jobId, CancellationToken.None)));

        Assert.Equal([JobRunResult.Completed, JobRunResult.Skipped], outcomes.Select(o => o.Result).Order());
        Assert.Equal(2, llm.Requests);
        Assert.Equal(2, await ObservationCountAsync(reply.Body!["event"]!["id"]!.ToString()));
        var job = await pipeline.WaitForJobAsync(key, jobId, s => s == "completed", JobTimeout);
        Assert.Equal(2, job["resultCount"]!.GetValue<int>());
        // The provider answered twice, but only the run that recorded its result counts its tokens.
        var usage = (await pipeline.Api.GetAsync("/v1/usage", key)).Body!["usage"]!;
        Assert.Equal((FakeChatCompletions.AnswerPromptTokens + FakeChatCompletions.AnswerCompletionTokens, 2),
            (usage["tokens"]!.GetValue<long>(), usage["observations"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Running_a_job_again_after_its_results_were_recorded_adds_nothing()
    {
        await using var llm = await FakeChatCompletions.StartAsync((n, _) =>
            Task.FromResult(FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"run {n}"))));
        var key = await pipeline.Server.CreateKeyAsync(team: "rerun");
        var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("rerun"), key);
        var jobId = reply.Body!["generationJob"]!["id"]!.GetValue<string>();
        var runner = new JobRunner(pipeline.Server.Store,
            GenerationConfiguration.CreateProvider(pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl), new HttpClient()),
            TimeProvider.System, "rerunner");

        Assert.Equal(JobRunResult.Completed, (await runner.RunAsync(jobId, CancellationToken.None)).Result);
        // As if the first run's acknowledgement was lost and the job came round again (a retry after
        // a failure that happened once the provider had answered): the database refuses a second set.
        await JobStreams.DecideAsync(pipeline.Server.Store, jobId, j => new GenerationJobRequeued(j.Id, Api.Now), CancellationToken.None);
        Assert.Equal(JobRunResult.Skipped, (await runner.RunAsync(jobId, CancellationToken.None)).Result);

        Assert.Equal(2, llm.Requests);
        Assert.Equal(2, await ObservationCountAsync(reply.Body!["event"]!["id"]!.ToString()));
        Assert.Equal("completed", (await pipeline.Api.GetAsync($"/v1/jobs/{jobId}", key)).Body!["job"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_auth_error_fails_the_job_at_once_with_the_reason_and_a_5xx_is_retried()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "errors");
        await using var llm = await FakeChatCompletions.StartAsync((n, _) => Task.FromResult(n switch
        {
            1 => Results.Json(new { error = new { message = "invalid api key" } }, statusCode: 401),
            2 => Results.Json(new { error = new { message = "upstream overloaded" } }, statusCode: 503),
            _ => FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations("after 503")),
        }));
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl));

        var refused = await pipeline.Api.PostAsync("/v1/events?wait=true&waitMs=60000", Api.Event("errors"), key);
        var failed = refused.Body!["generationJob"]!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal(1, failed["attempts"]!.GetValue<int>());
        Assert.Contains("401", failed["lastError"]!.GetValue<string>());

        var retried = await pipeline.Api.PostAsync("/v1/events?wait=true&waitMs=60000", Api.Event("errors"), key);
        var completed = retried.Body!["generationJob"]!;
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal(2, completed["attempts"]!.GetValue<int>());
        Assert.Equal(3, llm.Requests);
    }

    [Fact]
    public async Task Failed_jobs_are_retried_from_the_api_and_the_cli_under_the_same_id()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "requeue");
        var failing = true;
        await using var llm = await FakeChatCompletions.StartAsync((n, _) => Task.FromResult(Volatile.Read(ref failing)
            ? Results.Json(new { error = new { message = "no credits left" } }, statusCode: 402)
            : FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"retry {n}"))));
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl));
        var viaApi = (await pipeline.Api.PostAsync("/v1/events?wait=true&waitMs=60000", Api.Event("requeue"), key)).Body!["generationJob"]!;
        var viaCli = (await pipeline.Api.PostAsync("/v1/events?wait=true&waitMs=60000", Api.Event("requeue"), key)).Body!["generationJob"]!;
        Assert.Equal(("failed", "failed"), (viaApi["status"]!.GetValue<string>(), viaCli["status"]!.GetValue<string>()));
        Assert.Contains("402", viaApi["lastError"]!.GetValue<string>());
        Volatile.Write(ref failing, false);

        var apiJob = viaApi["id"]!.GetValue<string>();
        Assert.Equal(200, (await pipeline.Api.PostAsync($"/v1/jobs/{apiJob}/retry", new { }, key)).Code);
        var retried = await pipeline.WaitForJobAsync(key, apiJob, s => s == "completed", JobTimeout);
        Assert.Equal(apiJob + "-r1", retried["bullmqJobId"]!.GetValue<string>());

        var env = CliProcess.ValidEnvironment(pipeline.Server.ConnectionString);
        var cliJob = viaCli["id"]!.GetValue<string>();
        var listed = await CliProcess.RunAsync(env, "server", "jobs", "list", "--status", "failed", "--team", "requeue");
        Assert.Contains(cliJob, listed.Stdout);
        var inspected = await CliProcess.RunAsync(env, "server", "jobs", "inspect", cliJob);
        Assert.Contains("generation_job_failed", inspected.Stdout);
        Assert.Contains("no credits left", inspected.Stdout);
        var requeued = await CliProcess.RunAsync(env, "server", "jobs", "retry", cliJob);
        Assert.True(requeued.ExitCode == 0, requeued.ToString());
        await pipeline.WaitForJobAsync(key, cliJob, s => s == "completed", JobTimeout);
        var again = await CliProcess.RunAsync(env, "server", "jobs", "retry", cliJob);
        Assert.True(again.ExitCode == 1 && again.Stderr.Contains("only failed or cancelled"), again.ToString());
        Assert.Equal(2, await ObservationCountAsync((await pipeline.Api.GetAsync($"/v1/jobs/{cliJob}", key)).Body!["job"]!["sourceId"]!.ToString()));
    }

    [Fact]
    public async Task Sigterm_lets_the_running_job_finish_before_the_worker_exits()
    {
        var arrived = new TaskCompletionSource();
        await using var llm = await FakeChatCompletions.StartAsync(async (n, ct) =>
        {
            arrived.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            return FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"slow {n}"));
        });
        var key = await pipeline.Server.CreateKeyAsync(team: "sigterm");
        var worker = await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl));
        var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("sigterm"), key);
        var jobId = reply.Body!["generationJob"]!["id"]!.GetValue<string>();
        await arrived.Task.WaitAsync(JobTimeout);

        await worker.TerminateAsync(TimeSpan.FromSeconds(40));
        Assert.True(worker.HasExited);
        var job = (await pipeline.Api.GetAsync($"/v1/jobs/{jobId}", key)).Body!["job"]!;
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(1, llm.Requests);
    }
}
