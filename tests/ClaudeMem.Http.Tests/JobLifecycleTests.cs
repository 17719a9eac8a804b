using System.Collections.Concurrent;
using ClaudeMem.Generation.Providers;
using ClaudeMem.Http.Configuration;
using Marten;
using Microsoft.AspNetCore.Http;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// The job's stream owns its life on both engines: the retry delay it records (the provider's
/// Retry-After first) is the one the transport waits, and a requeue from the CLI is dispatched by
/// the server without the sweeper (which never looks at in-process jobs).
/// </summary>
public class JobLifecycleTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => pipeline.StopWorkersAsync();

    private const int RetryAfterSeconds = 12;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_429_with_retry_after_is_retried_no_sooner_than_it_asks_on_bullmq()
    {
        var calls = new ConcurrentQueue<DateTimeOffset>();
        await using var llm = await FakeChatCompletions.StartAsync(RateLimitedOnce(calls));
        var key = await pipeline.Server.CreateKeyAsync(team: "retry-after");
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl));

        var jobId = (await pipeline.Api.PostAsync("/v1/events", Api.Event("retry-after"), key)).Body!["generationJob"]!["id"]!.GetValue<string>();
        var job = await pipeline.WaitForJobAsync(key, jobId, s => s == JobStatuses.Completed, JobTimeout);

        Assert.Equal(2, job["attempts"]!.GetValue<int>());
        await AssertWaitedForTheHintAsync(pipeline.Server.Store, jobId, calls);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_no_sooner_than_it_asks_in_process()
    {
        var calls = new ConcurrentQueue<DateTimeOffset>();
        await using var llm = await FakeChatCompletions.StartAsync(RateLimitedOnce(calls));
        await using var server = await InProcessServerAsync(llm.BaseUrl);
        var api = new Api(server.Host.Server.CreateClient());
        var key = await server.CreateKeyAsync(team: "retry-after-local");

        var jobId = (await api.PostAsync("/v1/events", Api.Event("retry-after-local"), key)).Body!["generationJob"]!["id"]!.GetValue<string>();
        await WaitForStatusAsync(server.Store, jobId, JobStatuses.Completed);

        await AssertWaitedForTheHintAsync(server.Store, jobId, calls);
    }

    /// <summary>
    /// The CLI's requeue reaches the engine only through the async daemon's event subscription, with
    /// no forced catch-up: since ProjectActivity is gone, this is the test that needs the daemon to
    /// run by itself (see UseAdvisoryLockTransaction in EventStoreRegistration).
    /// </summary>
    [Fact]
    public async Task A_cli_retry_completes_on_the_in_process_engine()
    {
        var failing = 1;
        await using var llm = await FakeChatCompletions.StartAsync((n, _) => Task.FromResult(Volatile.Read(ref failing) == 1
            ? Results.Json(new { error = new { message = "no credits left" } }, statusCode: 402)
            : FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"retry {n}"))));
        await using var server = await InProcessServerAsync(llm.BaseUrl);
        var api = new Api(server.Host.Server.CreateClient());
        var key = await server.CreateKeyAsync(team: "cli-retry-local");
        var jobId = (await api.PostAsync("/v1/events", Api.Event("cli-retry-local"), key)).Body!["generationJob"]!["id"]!.GetValue<string>();
        await WaitForStatusAsync(server.Store, jobId, JobStatuses.Failed);
        Volatile.Write(ref failing, 0);

        var requeued = await CliProcess.RunAsync(CliProcess.ValidEnvironment(server.ConnectionString), "server", "jobs", "retry", jobId);
        Assert.True(requeued.ExitCode == 0, requeued.ToString());
        await WaitForStatusAsync(server.Store, jobId, JobStatuses.Completed);
        Assert.Equal(2, llm.Requests);
    }

    /// <summary>The first call is refused with a 429 that names when to come back; later calls answer.</summary>
    private static FakeChatCompletions.Responder RateLimitedOnce(ConcurrentQueue<DateTimeOffset> calls) => (n, _) =>
    {
        calls.Enqueue(DateTimeOffset.UtcNow);
        return Task.FromResult(n == 1 ? new TooManyRequests(RetryAfterSeconds) : FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"call {n}")));
    };

    private static async Task AssertWaitedForTheHintAsync(IDocumentStore store, string jobId, ConcurrentQueue<DateTimeOffset> calls)
    {
        var times = calls.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(RetryAfterSeconds),
            $"retried {(times[1] - times[0]).TotalSeconds:0.0} s after the 429 that asked for {RetryAfterSeconds} s");
        await using var query = store.QuerySession();
        var history = await query.Events.FetchStreamAsync(JobIds.StreamOf(jobId));
        var scheduled = Assert.Single(history.Select(e => e.Data).OfType<GenerationJobRetryScheduled>());
        Assert.Equal(RetryAfterSeconds * 1000, scheduled.DelayMs);
    }

    private static Task WaitForStatusAsync(IDocumentStore store, string jobId, string status)
    {
        GenerationJobView? job = null;
        return Eventually.TrueAsync(async () =>
        {
            await using var query = store.QuerySession();
            job = await query.LoadAsync<GenerationJobView>(JobIds.StreamOf(jobId));
            return job?.Status == status;
        }, JobTimeout, $"job {jobId} to be {status}", () => $"{job?.Status} after {job?.Attempts} attempts: {job?.LastError}");
    }

    /// <summary>The in-process engine needs no Valkey, and is refused in Docker (which this machine counts as): a host in the test process.</summary>
    private static async Task<ServerFixture> InProcessServerAsync(string providerBaseUrl)
    {
        var server = new ServerFixture
        {
            Customize = s => s with
            {
                QueueEngine = QueueEngines.InProcess,
                Generation = GenerationConfiguration.Read(new Dictionary<string, string?>
                {
                    [GenerationEnvironment.Provider] = ProviderNames.OpenRouter,
                    [GenerationEnvironment.OpenRouterApiKey] = "sk-or-test",
                    [GenerationEnvironment.OpenRouterBaseUrl] = providerBaseUrl,
                }),
                // Long enough that the sweeper cannot be what dispatches anything here.
                DispatchSweepInterval = TimeSpan.FromHours(1),
            },
        };
        await server.InitializeAsync();
        return server;
    }

    private sealed class TooManyRequests(int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString();
            return context.Response.WriteAsJsonAsync(new { error = new { message = "rate limited, slow down" } });
        }
    }
}

/// <summary>The prompt budgets the startup validator reads are the ones the worker builds prompts with.</summary>
public class PromptBudgetTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => pipeline.StopWorkersAsync();

    private const int TotalBudget = 1_000;

    [Fact]
    public async Task A_tiny_prompt_total_chars_bounds_the_prompt_the_provider_receives()
    {
        await using var llm = await FakeChatCompletions.StartAsync((n, _) =>
            Task.FromResult(FakeChatCompletions.Answer("<summary><request>budget</request></summary>")));
        var env = pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl);
        env[GenerationEnvironment.PromptTotalChars] = TotalBudget.ToString();
        await pipeline.StartWorkerAsync(env);
        var key = await pipeline.Server.CreateKeyAsync(team: "budget");
        var session = (await pipeline.Api.PostAsync("/v1/sessions/start", new { projectId = "budget", contentSessionId = "cc-budget" }, key)).Body!["session"]!["id"]!.ToString();
        // Twenty events of about 600 characters each: some 12 000 characters the budget must cut to 1 000.
        var events = Enumerable.Range(0, 20).Select(i => new
        {
            projectId = "budget", contentSessionId = "cc-budget", sourceType = "hook", eventType = "UserPromptSubmit",
            occurredAtEpoch = Api.Now + i, payload = new { prompt = $"step {i}: " + new string('x', 600) },
        }).ToArray();
        Assert.Equal(201, (await pipeline.Api.PostAsync("/v1/events/batch?generate=false", new { events }, key)).Code);

        var ended = await pipeline.Api.PostAsync($"/v1/sessions/{session}/end", new { }, key);
        await pipeline.WaitForJobAsync(key, ended.Body!["generationJob"]!["id"]!.GetValue<string>(), s => s == JobStatuses.Completed, TimeSpan.FromSeconds(90));

        var prompt = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(llm.RequestBodies))!["messages"]!.AsArray()
            .Select(m => m!["content"]!.GetValue<string>()).Last();
        var section = prompt[prompt.IndexOf("<session_events", StringComparison.Ordinal)..];
        Assert.Contains("reason=\"prompt budget\"", section);
        // The first event is always kept (it states the request); the rest fit in the budget.
        Assert.True(section.Length < TotalBudget + 1_000, $"the events section is {section.Length} characters for a budget of {TotalBudget}");
    }
}
