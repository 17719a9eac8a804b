using System.Collections.Concurrent;
using System.Diagnostics;
using ClaudeMem.Events.Access;
using ClaudeMem.Events.Usage;
using Xunit.Abstractions;

namespace ClaudeMem.Http.Tests.Operator;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StatementCounting
{
    /// <summary>Npgsql's activities are process-wide: nothing else may run while statements are counted.</summary>
    public const string Name = "statement counting";
}

/// <summary>
/// Issue 12: the cost of metering in statements, which does not depend on the machine's load: every
/// request with a key adds exactly one statement (one round trip) touching the usage tables.
/// </summary>
[Collection(StatementCounting.Name)]
public class MeteringStatementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Metering_adds_one_statement_per_request()
    {
        var fixture = new ServerFixture { Customize = s => s with { RateLimitPerMinute = 10_000, MonthlyRequestCap = 1_000_000 } };
        await fixture.InitializeAsync();
        await using var _ = fixture;
        var api = new Api(fixture.Host.Server.CreateClient());
        var key = await fixture.CreateKeyAsync($"{Scopes.Read},{Scopes.Write}", team: "statements");
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", key)).Code);
        Assert.Equal(201, (await api.PostAsync("/v1/events?generate=false", Api.Event("statements"), key)).Code);

        var statements = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string text) statements.Enqueue(text);
            },
        };
        ActivitySource.AddActivityListener(listener);

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
            var metering = seen.Count(s => s.Contains(UsageTables.RateWindows) || s.Contains(UsageTables.MonthlyUsage));
            output.WriteLine($"{name}: {seen.Length / (double)requests:0.0} statements per request (background work included), {metering / (double)requests:0.0} of them metering");
            Assert.True(metering == requests, $"{name}: {metering} metering statements for {requests} requests:\n{string.Join("\n", seen)}");
        }
    }
}
