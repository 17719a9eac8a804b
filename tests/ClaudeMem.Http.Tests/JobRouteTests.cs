using System.Diagnostics;
using ClaudeMem.Events.Access;
using Marten;
using ClaudeMem.Generation.Jobs;

namespace ClaudeMem.Http.Tests;

/// <summary>Job routes and the enqueue side of generation; no worker runs here, so jobs stay queued until a test moves them.</summary>
public sealed class ParkedJobsFixture : IAsyncLifetime
{
    /// <summary>The safety re-check of wait=true is slowed to a minute here, so only the NOTIFY can wake a waiter quickly.</summary>
    public ServerFixture Server { get; } = new() { Customize = s => s with { GenerationDisabled = true, JobWaitRecheck = TimeSpan.FromMinutes(1) } };
    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();
}

public class JobRouteTests(ParkedJobsFixture parked) : IClassFixture<ParkedJobsFixture>, IAsyncLifetime
{
    private readonly ServerFixture fixture = parked.Server;

    private string _key = "";
    private Api Api => new(fixture.Host.Server.CreateClient());

    private string _team = "";

    public async Task InitializeAsync()
    {
        _team = "jobs-" + Guid.NewGuid().ToString("N")[..6];
        _key = await fixture.CreateKeyAsync($"{Scopes.Read},{Scopes.Write}", team: _team);
    }
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(string EventId, string JobId)> RecordAsync(string project = "repo", string? query = null)
    {
        var reply = await Api.PostAsync("/v1/events" + query, Api.Event(project), _key);
        Assert.True(reply.Code == 201, reply.ToString());
        return (reply.Body!["event"]!["id"]!.ToString(), reply.Body!["generationJob"]?["id"]?.ToString()!);
    }

    private Task MoveAsync(string jobId, Func<GenerationJobView, object?> decide) =>
        JobStreams.DecideAsync(fixture.Store, jobId, decide, CancellationToken.None);

    [Fact]
    public async Task An_event_comes_back_with_its_queued_job_under_a_deterministic_id()
    {
        var (eventId, jobId) = await RecordAsync();
        Assert.Equal(JobIds.ForEvent(Guid.Parse(eventId)), jobId);
        var job = (await Api.GetAsync($"/v1/jobs/{jobId}", _key)).Body!["job"]!;
        Assert.Equal("queued", job["status"]!.GetValue<string>());
        Assert.Equal("event", job["sourceType"]!.GetValue<string>());
        Assert.Equal(eventId, job["sourceId"]!.ToString());
        Assert.Equal(3, job["maxAttempts"]!.GetValue<int>());
        Assert.Null(job["payload"]);
    }

    [Fact]
    public async Task Generate_false_records_the_event_without_a_job()
    {
        var (_, jobId) = await RecordAsync(query: "?generate=false");
        Assert.Null(jobId);
    }

    [Fact]
    public async Task Only_admin_keys_see_the_job_payload()
    {
        var (_, jobId) = await RecordAsync();
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: _team);
        var job = (await Api.GetAsync($"/v1/jobs/{jobId}", admin)).Body!["job"]!;
        Assert.Equal("Read", job["payload"]!["tool_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jobs_are_listed_with_filters_and_paging()
    {
        for (var i = 0; i < 3; i++) await RecordAsync("listed");
        var (_, failedJob) = await RecordAsync("listed");
        await MoveAsync(failedJob, j => new GenerationJobFailed(j.Id, 1, "provider said no", Api.Now));

        var all = (await Api.GetAsync("/v1/jobs?projectId=listed&limit=2", _key)).Body!;
        Assert.Equal(4, all["total"]!.GetValue<int>());
        Assert.Equal(2, all["jobs"]!.AsArray().Count);
        var failed = (await Api.GetAsync("/v1/jobs?projectId=listed&status=failed", _key)).Body!;
        Assert.Equal(failedJob, Assert.Single(failed["jobs"]!.AsArray())!["id"]!.ToString());
        Assert.Equal("provider said no", failed["jobs"]![0]!["lastError"]!.GetValue<string>());
        Assert.Equal(400, (await Api.GetAsync("/v1/jobs?status=sleeping", _key)).Code);
        Assert.Equal(400, (await Api.GetAsync("/v1/jobs?limit=0", _key)).Code);
        Assert.True((await Api.GetAsync("/v1/jobs?limit=abc", _key)) is { Code: 400, Error: not null }, "an unparseable number is refused, not defaulted");
        Assert.Equal(400, (await Api.PostAsync("/v1/events?wait=maybe", Api.Event("listed"), _key)).Code);
    }

    [Fact]
    public async Task Retry_and_cancel_follow_the_state_rules()
    {
        var (_, jobId) = await RecordAsync();
        var cancelled = await Api.PostAsync($"/v1/jobs/{jobId}/cancel", new { }, _key);
        Assert.Equal("cancelled", cancelled.Body!["generationJob"]!["status"]!.GetValue<string>());
        Assert.Equal(200, (await Api.PostAsync($"/v1/jobs/{jobId}/cancel", new { }, _key)).Code);

        var retried = await Api.PostAsync($"/v1/jobs/{jobId}/retry", new { }, _key);
        Assert.Equal("queued", retried.Body!["generationJob"]!["status"]!.GetValue<string>());
        Assert.True((await Api.PostAsync($"/v1/jobs/{jobId}/retry", new { }, _key)) is { Code: 409, Error: "conflict" });

        await MoveAsync(jobId, j => new GenerationJobCompleted(j.Id, 1, 2, Api.Now));
        Assert.Equal(409, (await Api.PostAsync($"/v1/jobs/{jobId}/retry", new { }, _key)).Code);
        Assert.Equal(409, (await Api.PostAsync($"/v1/jobs/{jobId}/cancel", new { }, _key)).Code);

        Assert.Equal(404, (await Api.PostAsync("/v1/jobs/evt_nope/retry", new { }, _key)).Code);
        await using (var query = fixture.Store.QuerySession())
        {
            var audited = await Marten.QueryableExtensions.ToListAsync(query.Query<AuditEntry>().Where(a => a.Target == jobId));
            Assert.Equal(["job.cancel", "job.retry"], audited.Select(a => a.Action).Order());
        }
        var stranger = await fixture.CreateKeyAsync(team: "stranger");
        Assert.Equal(404, (await Api.GetAsync($"/v1/jobs/{jobId}", stranger)).Code);
        Assert.Equal(404, (await Api.PostAsync($"/v1/jobs/{jobId}/cancel", new { }, stranger)).Code);
    }

    [Fact]
    public async Task Ending_a_session_queues_exactly_one_summary_job()
    {
        var started = await Api.PostAsync("/v1/sessions/start", new { projectId = "repo" }, _key);
        var id = started.Body!["session"]!["id"]!.ToString();
        var ends = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Api.PostAsync($"/v1/sessions/{id}/end", new { }, _key)));
        var jobIds = ends.Select(e => e.Body!["generationJob"]!["id"]!.ToString()).Distinct().ToList();
        Assert.Equal(JobIds.ForSessionSummary(Guid.Parse(id)), Assert.Single(jobIds));
        var listed = (await Api.GetAsync("/v1/jobs?kind=summary&projectId=repo", _key)).Body!;
        Assert.Single(listed["jobs"]!.AsArray(), j => j!["sourceId"]!.ToString() == id);
    }

    [Fact]
    public async Task Wait_true_times_out_with_a_flag_when_nothing_runs_the_job()
    {
        var watch = Stopwatch.StartNew();
        var reply = await Api.PostAsync("/v1/events?wait=true&waitMs=700", Api.Event("repo"), _key);
        Assert.Equal(201, reply.Code);
        Assert.True(reply.Body!["waitTimedOut"]!.GetValue<bool>());
        Assert.InRange(watch.ElapsedMilliseconds, 650, 10_000);
        Assert.Equal(400, (await Api.PostAsync("/v1/events?wait=true&waitMs=0", Api.Event("repo"), _key)).Code);
    }

    [Fact]
    public async Task Wait_true_answers_as_soon_as_the_job_finishes()
    {
        var body = Api.Event("repo", sourceEventId: "waited-" + Guid.NewGuid());
        var waiting = Api.PostAsync("/v1/events?wait=true&waitMs=60000", body, _key);
        string? jobId = null;
        while (jobId is null)
        {
            await Task.Delay(50);
            var seen = await Api.PostAsync("/v1/events", body, _key);
            if (seen.Code == 200) jobId = seen.Body!["generationJob"]!["id"]!.ToString();
        }
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the wait should still be pending");
        var watch = Stopwatch.StartNew();
        await MoveAsync(jobId, j => new GenerationJobCompleted(j.Id, 1, 1, Api.Now));
        var reply = await waiting;
        // The re-check runs once a minute in this fixture: anything well under that is the NOTIFY.
        Assert.True(watch.ElapsedMilliseconds < 15_000, $"woken after {watch.ElapsedMilliseconds} ms, not by the notification");
        Assert.False(reply.Body!["waitTimedOut"]!.GetValue<bool>());
        Assert.Equal("completed", reply.Body!["generationJob"]!["status"]!.GetValue<string>());
    }
}
