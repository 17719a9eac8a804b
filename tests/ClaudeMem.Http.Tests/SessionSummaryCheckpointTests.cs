namespace ClaudeMem.Http.Tests;

/// <summary>POST /v1/sessions/summarize: a summary of the session so far (the Stop hook), superseded by the next one.</summary>
public class SessionSummaryCheckpointTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => pipeline.StopWorkersAsync();

    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Each_checkpoint_is_one_summary_job_and_the_later_summary_replaces_the_earlier_without_ending_the_session()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "checkpoints");
        await pipeline.StartWorkerAsync(pipeline.WorkerEnvironment());
        var session = (await pipeline.Api.PostAsync("/v1/sessions/start", new { projectId = "cp", contentSessionId = "cc-cp" }, key)).Body!["session"]!["id"]!.ToString();
        await pipeline.Api.PostAsync("/v1/events?generate=false", new
        {
            projectId = "cp", contentSessionId = "cc-cp", sourceType = "hook", eventType = "UserPromptSubmit",
            occurredAtEpoch = Api.Now, payload = new { prompt = "Fix the failing login test" },
        }, key);

        var first = await pipeline.Api.PostAsync("/v1/sessions/summarize", new { projectId = "cp", contentSessionId = "cc-cp", checkpointId = "stop-1" }, key);
        Assert.True(first.Code == 201, first.ToString());
        var firstJob = first.Body!["generationJob"]!["id"]!.GetValue<string>();
        var again = await pipeline.Api.PostAsync("/v1/sessions/summarize", new { projectId = "cp", contentSessionId = "cc-cp", checkpointId = "stop-1" }, key);
        Assert.Equal(200, again.Code);
        Assert.Equal(firstJob, again.Body!["generationJob"]!["id"]!.GetValue<string>());
        await pipeline.WaitForJobAsync(key, firstJob, s => s == "completed", JobTimeout);
        var summary = (await pipeline.Api.GetAsync($"/v1/sessions/{session}/summary", key)).Body!["summary"]!;
        Assert.Equal(firstJob, summary["jobId"]!.GetValue<string>());
        Assert.Contains("login", summary["request"]!.GetValue<string>());

        var second = await pipeline.Api.PostAsync("/v1/sessions/summarize", new { projectId = "cp", serverSessionId = session, checkpointId = "stop-2" }, key);
        Assert.Equal(201, second.Code);
        var secondJob = second.Body!["generationJob"]!["id"]!.GetValue<string>();
        Assert.NotEqual(firstJob, secondJob);
        await pipeline.WaitForJobAsync(key, secondJob, s => s == "completed", JobTimeout);
        summary = (await pipeline.Api.GetAsync($"/v1/sessions/{session}/summary", key)).Body!["summary"]!;
        Assert.Equal(secondJob, summary["jobId"]!.GetValue<string>());
        Assert.Equal("active", (await pipeline.Api.GetAsync($"/v1/sessions/{session}", key)).Body!["session"]!["status"]!.ToString(), StringComparer.OrdinalIgnoreCase);

        // Once the session ended, a late checkpoint gets the final summary's job, not a new one.
        var ended = await pipeline.Api.PostAsync($"/v1/sessions/{session}/end", new { }, key);
        var finalJob = ended.Body!["generationJob"]!["id"]!.GetValue<string>();
        var late = await pipeline.Api.PostAsync("/v1/sessions/summarize", new { projectId = "cp", contentSessionId = "cc-cp", checkpointId = "stop-3" }, key);
        Assert.Equal(200, late.Code);
        Assert.Equal(finalJob, late.Body!["generationJob"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"contentSessionId\":\"s\",\"checkpointId\":\"c\"}", "projectId")]
    [InlineData("{\"projectId\":\"p\",\"contentSessionId\":\"s\"}", "checkpointId")]
    [InlineData("{\"projectId\":\"p\",\"checkpointId\":\"c\"}", "contentSessionId")]
    [InlineData("{\"projectId\":\"p\",\"contentSessionId\":\"s\",\"serverSessionId\":\"0194f5c2-0000-7000-8000-000000000000\",\"checkpointId\":\"c\"}", "contentSessionId")]
    public async Task Bad_requests_are_400s_naming_the_field(string body, string field)
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "checkpoints-bad");
        var reply = await pipeline.Api.SendAsync(HttpMethod.Post, "/v1/sessions/summarize", body, key);
        Assert.Equal(400, reply.Code);
        Assert.Equal(field, reply.Body!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_session_is_404_and_a_read_only_key_is_403()
    {
        var key = await pipeline.Server.CreateKeyAsync(team: "checkpoints-404");
        var missing = await pipeline.Api.PostAsync("/v1/sessions/summarize", new { projectId = "p", contentSessionId = "nobody", checkpointId = "c" }, key);
        Assert.Equal(404, missing.Code);
        var reader = await pipeline.Server.CreateKeyAsync(scopes: "memories:read", team: "checkpoints-404");
        Assert.Equal(403, (await pipeline.Api.PostAsync("/v1/sessions/summarize", new { projectId = "p", contentSessionId = "nobody", checkpointId = "c" }, reader)).Code);
    }
}
