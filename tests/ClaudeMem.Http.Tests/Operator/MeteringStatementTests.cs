using System.Collections.Concurrent;
using System.Diagnostics;
using ClaudeMem.Events.Access;
using ClaudeMem.Events.Usage;
using ClaudeMem.Http.Usage;
using Xunit.Abstractions;

namespace ClaudeMem.Http.Tests.Operator;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StatementCounting
{
    /// <summary>Npgsql's activities are process-wide: nothing else may run while statements are counted.</summary>
    public const string Name = "statement counting";
}

/// <summary>
/// Issue 12: the cost of metering in statements, which does not depend on the machine's load. With a
/// limit or cap, every request with a key adds exactly one statement (one round trip) touching the
/// usage tables; with neither, requests add none, and the counts are written once a second for all keys.
/// </summary>
[Collection(StatementCounting.Name)]
public class MeteringStatementTests(ITestOutputHelper output)
{
    private static bool IsMetering(string statement) => statement.Contains(UsageTables.RateWindows) || statement.Contains(UsageTables.MonthlyUsage);

    /// <summary>Every statement Npgsql runs in this process while the listener lives.</summary>
    private static ActivityListener Listen(ConcurrentQueue<string> statements)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string text) statements.Enqueue(text);
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public async Task Without_limits_requests_add_no_metering_statement_and_counts_are_written_once_a_second()
    {
        var fixture = new ServerFixture();
        await fixture.InitializeAsync();
        await using var _ = fixture;
        var api = new Api(fixture.Host.Server.CreateClient());
        var key = await fixture.CreateKeyAsync(Scopes.Read, team: "deferred");
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", key)).Code);

        var statements = new ConcurrentQueue<string>();
        using var listener = Listen(statements);
        const int requests = 60;
        var started = Stopwatch.StartNew();
        var codes = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => api.GetAsync("/v1/jobs", key)));
        var seconds = started.Elapsed.TotalSeconds;
        Assert.All(codes, c => Assert.Equal(200, c.Code));
        var metering = statements.Count(IsMetering);
        output.WriteLine($"{requests} requests in {seconds:0.0} s: {metering} metering statements");
        // No per-request statement (the rate window's), and at most one flush per second of the run plus one straddling its end.
        Assert.DoesNotContain(statements, s => s.Contains(UsageTables.RateWindows));
        Assert.True(metering <= Math.Ceiling(seconds / UsageCounters.FlushInterval.TotalSeconds) + 1, $"{metering} metering statements in {seconds:0.0} s");

        // The usage route writes this process's pending counts first: every request is there (the first, these, and this one).
        var usage = await api.GetAsync("/v1/usage", key);
        Assert.Equal(requests + 2, usage.Body!["usage"]!["requests"]!.GetValue<long>());
    }

    [Fact]
    public async Task With_a_limit_metering_adds_one_statement_per_request()
    {
        var fixture = new ServerFixture { Customize = s => s with { RateLimitPerMinute = 10_000, MonthlyRequestCap = 1_000_000 } };
        await fixture.InitializeAsync();
        await using var _ = fixture;
        var api = new Api(fixture.Host.Server.CreateClient());
        var key = await fixture.CreateKeyAsync($"{Scopes.Read},{Scopes.Write}", team: "statements");
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", key)).Code);
        Assert.Equal(201, (await api.PostAsync("/v1/events?generate=false", Api.Event("statements"), key)).Code);

        var statements = new ConcurrentQueue<string>();
        using var listener = Listen(statements);

        const int requests = 10;
        foreach (var (name, send) in new (string, Func<Task<int>>)[]
        {
            ("GET /v1/jobs", async () => (await api.GetAsync("/v1/jobs", key)).Code),
            ("POST /v1/events", async () => (await api.PostAsync("/v1/events?generate=false", Api.Event("statements"), key)).Code),
        })
        {
            statements.Clear();
            for (var i = 0; i < requests; i++) Assert.InRange(await send(), 200, 201);
            var seen = statements.ToArray();
            var metering = seen.Count(IsMetering);
            output.WriteLine($"{name}: {seen.Length / (double)requests:0.0} statements per request (background work included), {metering / (double)requests:0.0} of them metering");
            Assert.True(metering == requests, $"{name}: {metering} metering statements for {requests} requests:\n{string.Join("\n", seen)}");
        }
    }
}
