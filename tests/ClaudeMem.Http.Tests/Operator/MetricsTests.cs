using ClaudeMem.Events.Access;

namespace ClaudeMem.Http.Tests.Operator;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeters
{
    /// <summary>
    /// Meters are process-wide: every in-process server's exporter also takes in the same-named instruments of the
    /// other servers alive in the test process, merged into one series, and when one of those servers is disposed
    /// the merged series leaves every exporter for good (OpenTelemetry 1.20). A test reading a server's /metrics
    /// runs with no other test class beside it. Seen once in CI: the server's /metrics lost claude_mem_workers_live.
    /// </summary>
    public const string Name = "process-wide meters";
}

[Collection(ProcessWideMeters.Name)]
public class MetricsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<(int Status, string Text)> ScrapeAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (key is not null) request.Headers.Authorization = new("Bearer", key);
        using var response = await fixture.Host.Server.CreateClient().SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_are_for_admin_keys_and_carry_http_routes_and_job_gauges()
    {
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: "metrics");
        var writer = await fixture.CreateKeyAsync(Scopes.Write, team: "metrics");
        Assert.Equal(401, (await ScrapeAsync(null)).Status);
        Assert.Equal(403, (await ScrapeAsync(writer)).Status);

        var api = new Api(fixture.Host.Server.CreateClient());
        Assert.Equal(201, (await api.PostAsync("/v1/events", Api.Event("m"), writer)).Code);
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", admin)).Code);

        string text = "";
        await Eventually.TrueAsync(async () =>
        {
            var scrape = await ScrapeAsync(admin);
            Assert.Equal(200, scrape.Status);
            text = scrape.Text;
            return text.Contains("http_route=\"/v1/jobs\"") && text.Contains("claude_mem_jobs_unfinished{");
        }, TimeSpan.FromSeconds(30), "the HTTP histogram and the job gauge in /metrics", () => text);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        Assert.Contains("http_response_status_code=\"200\"", text);
        Assert.Contains("claude_mem_outbox_backlog", text);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"\ndotnet_process_memory_working_set_bytes(\{[^}]*\})? [1-9]"), text);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", text);
    }
}
