using System.Collections.Concurrent;
using Marten;

namespace ClaudeMem.Http.Tests;

/// <summary>A server with its own PostgreSQL restarting it under load.</summary>
public sealed class RestartablePostgresPipeline : IAsyncLifetime
{
    // Only NOTIFY can wake a wait=true request in time: the safety re-check comes once a minute.
    public PipelineFixture Pipeline { get; } = new() { WithOwnPostgres = true, Customize = s => s with { JobWaitRecheck = TimeSpan.FromMinutes(1) } };
    public Task InitializeAsync() => Pipeline.InitializeAsync();
    public Task DisposeAsync() => Pipeline.DisposeAsync();
}

/// <summary>
/// Issue 9 item 8: PostgreSQL stopped (fast shutdown) and started again on the same port and data
/// directory while events stream in, with two worker processes and Valkey running. Nothing restarts.
/// </summary>
public class PostgresOutageTests(RestartablePostgresPipeline fixture) : IClassFixture<RestartablePostgresPipeline>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private PipelineFixture Pipeline => fixture.Pipeline;

    [Fact]
    public async Task A_postgres_restart_under_load_gives_clean_503s_then_everything_recovers_and_nothing_acknowledged_is_lost()
    {
        var key = await Pipeline.Server.CreateKeyAsync(team: "pg-restart");
        await Pipeline.StartWorkerAsync(Pipeline.WorkerEnvironment());
        await Pipeline.StartWorkerAsync(Pipeline.WorkerEnvironment());
        var acknowledged = new ConcurrentDictionary<string, string>(); // sourceEventId -> job id
        var refused = new ConcurrentBag<string>();
        var stop = new CancellationTokenSource();
        var sent = 0;

        async Task StreamAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var id = $"pg-{Interlocked.Increment(ref sent)}";
                var reply = await Pipeline.Api.PostAsync("/v1/events", Api.Event("pg-restart", sourceEventId: id), key);
                if (reply.Code == 201) acknowledged[id] = reply.Body!["generationJob"]!["id"]!.GetValue<string>();
                else if (reply.Code == 503 && reply.Response.Headers.RetryAfter is not null && reply.Error == "unavailable") refused.Add(id);
                else Assert.Fail($"{id} during the outage: {reply} (Retry-After: {reply.Response.Headers.RetryAfter})");
                await Task.Delay(20);
            }
        }

        var streams = Enumerable.Range(0, 3).Select(_ => Task.Run(StreamAsync)).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= 20), JobTimeout, "events before the outage");
        await Pipeline.OwnPostgres!.StopProcessAsync();
        var down = await Pipeline.Api.GetAsync("/api/health");
        Assert.True(down.Code == 503 && down.Body!["status"]!.GetValue<string>() == "degraded", down.ToString());
        await Eventually.TrueAsync(() => Task.FromResult(refused.Count >= 5), JobTimeout, "writes refused while PostgreSQL is down");
        await Pipeline.OwnPostgres.StartProcessAsync();
        var before = acknowledged.Count;
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= before + 20), JobTimeout, "writes acknowledged again after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(streams);

        Assert.Equal(200, (await Pipeline.Api.GetAsync("/api/health")).Code);
        // The NOTIFY listener behind wait=true came back with the database.
        var waited = await Pipeline.Api.PostAsync("/v1/events?wait=true&waitMs=30000", Api.Event("pg-restart", sourceEventId: "after"), key);
        Assert.True(waited.Code == 201 && !waited.Body!["waitTimedOut"]!.GetValue<bool>(), waited.ToString());
        Assert.Equal("completed", waited.Body!["generationJob"]!["status"]!.GetValue<string>());

        // Every acknowledged event is stored once and its job completed with one observation; no job is stranded.
        foreach (var (_, jobId) in acknowledged)
            await Pipeline.WaitForJobAsync(key, jobId, s => s == "completed", JobTimeout);
        await using var query = Pipeline.Server.Store.QuerySession();
        var jobs = await query.Query<GenerationJobView>().Where(j => j.TeamId == "pg-restart").ToListAsync();
        Assert.All(jobs, j => Assert.Equal("completed", j.Status));
        Assert.Equal(acknowledged.Count + 1, jobs.Count);
        var observations = await query.Query<ObservationView>().Where(o => o.TeamId == "pg-restart").CountAsync();
        Assert.Equal(acknowledged.Count + 1, observations);
    }
}
