using System.Text.RegularExpressions;
using ClaudeMem.Generation.Providers;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests.Operator;

/// <summary>
/// A real worker process with CLAUDE_MEM_METRICS_PORT serves Prometheus text on its own port: job
/// durations and outcomes by kind, provider tokens, its heartbeat; the server's /metrics sees the
/// worker's heartbeat through Valkey; and the job's tokens count for the key that asked for it.
/// </summary>
[Collection(ProcessWideMeters.Name)]
public class WorkerMetricsTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => pipeline.StopWorkersAsync();

    [Fact]
    public async Task A_worker_process_serves_job_provider_and_heartbeat_metrics_and_the_server_sees_its_heartbeat()
    {
        await using var llm = await FakeChatCompletions.StartAsync((n, _) =>
            Task.FromResult(FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations($"metrics {n}"))));
        var key = await pipeline.Server.CreateKeyAsync(team: "worker-metrics");
        var port = ServerProcess.FreePort();
        var env = pipeline.WorkerEnvironment(ProviderNames.OpenRouter, llm.BaseUrl);
        env[EnvVars.MetricsPort] = port.ToString();
        var worker = await pipeline.StartWorkerAsync(env);
        var workerName = $"{Environment.MachineName}-{worker.Pid}";

        var reply = await pipeline.Api.PostAsync("/v1/events", Api.Event("worker-metrics"), key);
        Assert.True(reply.Code == 201, reply.ToString());
        await pipeline.WaitForJobAsync(key, reply.Body!["generationJob"]!["id"]!.GetValue<string>(), s => s == "completed", TimeSpan.FromSeconds(90));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            return text.Contains("claude_mem_provider_tokens_total");
        }, TimeSpan.FromSeconds(30), "the worker's /metrics to show provider tokens", () => text);

        Assert.Matches(new Regex(@"\ndotnet_process_memory_working_set_bytes(\{[^}]*\})? [1-9]"), text);
        Assert.Matches(new Regex("""claude_mem_job_duration_seconds_count\{(?=[^}]*kind="event")(?=[^}]*outcome="Completed")[^}]*\} 1\b"""), text);
        var tokens = FakeChatCompletions.AnswerPromptTokens + FakeChatCompletions.AnswerCompletionTokens;
        Assert.Matches(new Regex($$"""claude_mem_provider_tokens_total\{[^}]*\} {{tokens}}\b"""), text);
        var age = Regex.Match(text, $$"""claude_mem_worker_heartbeat_age_seconds\{[^}]*worker="{{Regex.Escape(workerName)}}"[^}]*\} ([0-9.eE+-]+)""");
        Assert.True(age.Success, text);
        Assert.InRange(double.Parse(age.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 15);
        Assert.Matches(new Regex($$"""claude_mem_worker_heartbeats_total\{(?=[^}]*outcome="ok")(?=[^}]*worker="{{Regex.Escape(workerName)}}")[^}]*\} [1-9]"""), text);

        // The server reads the same heartbeat from Valkey (sampled every 10 s). The two gauges are collected one after
        // the other, so one scrape can hold the new heartbeat beside the previous sample's live count: wait for both.
        // 90 s, not 40: a sample whose Valkey read fails waits for the next 10 s tick, and in the full suite on 2 cores
        // 40 s ran out once while the test alone passes in 13 s.
        var live = new Regex("""claude_mem_workers_live(\{[^}]*\})? [1-9]""");
        var serverText = "";
        await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new("Bearer", key);
            using var response = await pipeline.Server.Host.Server.CreateClient().SendAsync(request);
            serverText = await response.Content.ReadAsStringAsync();
            return serverText.Contains($"worker=\"{workerName}\"") && live.IsMatch(serverText);
        }, TimeSpan.FromSeconds(90), "the server's /metrics to show the worker's heartbeat and a live worker", () => serverText);
        Assert.Matches(new Regex($$"""claude_mem_workers_heartbeat_age_seconds\{[^}]*worker="{{Regex.Escape(workerName)}}"[^}]*\} [0-9]"""), serverText);

        // The job's generated tokens and observations count for the key whose event created it.
        var usage = (await pipeline.Api.GetAsync("/v1/usage", key)).Body!["usage"]!;
        var mine = Assert.Single(usage["keys"]!.AsArray())!;
        Assert.Equal((tokens, 2L), (mine["tokens"]!.GetValue<long>(), mine["observations"]!.GetValue<long>()));
        Assert.Equal((tokens, 2L), (usage["tokens"]!.GetValue<long>(), usage["observations"]!.GetValue<long>()));
    }
}
