using ClaudeMem.Events.Access;
using ClaudeMem.Events.Usage;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests.Operator;

public class UsageTests
{
    private static async Task<(ServerFixture Fixture, Api Api)> StartAsync(Func<ServerSettings, ServerSettings> customize)
    {
        var fixture = new ServerFixture { Customize = customize };
        await fixture.InitializeAsync();
        return (fixture, new Api(fixture.Host.Server.CreateClient()));
    }

    [Fact]
    public async Task A_key_over_its_requests_per_minute_gets_429_with_the_headers()
    {
        var (fixture, api) = await StartAsync(s => s with { RateLimitPerMinute = 3 });
        await using var _ = fixture;
        var key = await fixture.CreateKeyAsync(Scopes.Read, team: "limited");
        var other = await fixture.CreateKeyAsync(Scopes.Read, team: "limited");

        var answers = new List<Api.Reply>();
        for (var i = 0; i < 4; i++) answers.Add(await api.GetAsync("/v1/jobs", key));
        // A window boundary between the requests would reset the count: then the next window must refuse instead.
        if (answers[3].Code == 200) answers.Add(await api.GetAsync("/v1/jobs", key));

        Assert.Equal([200, 200, 200], answers.Take(3).Select(a => a.Code));
        Assert.Equal(["2", "1", "0"], answers.Take(3).Select(a => a.Response.Headers.GetValues("X-RateLimit-Remaining").Single()));
        var refused = answers.First(a => a.Code != 200);
        Assert.True(refused is { Code: 429, Error: "rate_limited" }, refused.ToString());
        Assert.Equal("3", refused.Response.Headers.GetValues("X-RateLimit-Limit").Single());
        var retryAfter = int.Parse(refused.Response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        var reset = long.Parse(refused.Response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.InRange(reset - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, 60);

        // The limit is per key; unauthenticated routes are not metered.
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", other)).Code);
        Assert.Equal(200, (await api.GetAsync("/healthz")).Code);
    }

    [Fact]
    public async Task Usage_counts_requests_per_key_and_generation_per_team_and_caps_answer_402()
    {
        var (fixture, api) = await StartAsync(s => s with { MonthlyRequestCap = 7, MonthlyTokenCap = 5000 });
        await using var _ = fixture;
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: "capped");
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "capped");
        for (var i = 0; i < 2; i++) Assert.Equal(200, (await api.GetAsync("/v1/jobs", reader)).Code);

        var usage = await api.GetAsync("/v1/usage", admin);
        Assert.True(usage.Code == 200, usage.ToString());
        Assert.Equal(3, usage.Body!["usage"]!["requests"]!.GetValue<long>());
        Assert.Equal(2, usage.Body["usage"]!["keys"]!.AsArray().Count);
        Assert.Equal(7, usage.Body["caps"]!["requestsPerMonth"]!.GetValue<long>());
        var own = await api.GetAsync("/v1/usage", reader);
        var onlyOwn = Assert.Single(own.Body!["usage"]!["keys"]!.AsArray());
        Assert.Equal(3, onlyOwn!["requests"]!.GetValue<long>());
        Assert.True(await api.GetAsync("/v1/usage?month=2026-13", reader) is { Code: 400, Error: "validation_failed" });

        // A worker's result adds tokens and observations to the team's row, in its own transaction.
        await AddGenerationAsync(fixture, "capped", tokens: 4000, observations: 3);
        var withTokens = await api.GetAsync("/v1/usage", admin);
        Assert.Equal((4000, 3), (withTokens.Body!["usage"]!["tokens"]!.GetValue<long>(), withTokens.Body["usage"]!["observations"]!.GetValue<long>()));

        // Requests 8 and on are over the cap of 7 for the whole team (this is the 7th).
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", reader)).Code);
        var over = await api.GetAsync("/v1/jobs", admin);
        Assert.True(over is { Code: 402, Error: "quota_exceeded" }, over.ToString());
        Assert.Contains("request cap", over.Message);
    }

    [Fact]
    public async Task The_token_cap_refuses_once_the_team_used_its_tokens()
    {
        var (fixture, api) = await StartAsync(s => s with { MonthlyTokenCap = 1000 });
        await using var _ = fixture;
        var key = await fixture.CreateKeyAsync(Scopes.Read, team: "tokens");
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", key)).Code);
        await AddGenerationAsync(fixture, "tokens", tokens: 1000, observations: 1);
        var over = await api.GetAsync("/v1/jobs", key);
        Assert.True(over is { Code: 402, Error: "quota_exceeded" } && over.Message!.Contains("token cap"), over.ToString());
        // Another team is not affected.
        Assert.Equal(200, (await api.GetAsync("/v1/jobs", await fixture.CreateKeyAsync(Scopes.Read, team: "other"))).Code);
    }

    [Fact]
    public async Task Server_usage_prints_requests_tokens_and_observations_per_team_and_key_and_fails_in_one_line()
    {
        // A limit makes every request's count written before its answer, so the CLI (another process) reads exact numbers.
        var (fixture, api) = await StartAsync(s => s with { RateLimitPerMinute = 1000 });
        await using var _ = fixture;
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: "cli-usage");
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "cli-usage");
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await api.GetAsync("/v1/jobs", reader)).Code);
        var readerId = Assert.Single((await api.GetAsync("/v1/usage", reader)).Body!["usage"]!["keys"]!.AsArray())!["keyId"]!.GetValue<string>();
        await AddGenerationAsync(fixture, "cli-usage", tokens: 1234, observations: 5, keyId: readerId);
        await AddGenerationAsync(fixture, "cli-usage", tokens: 10, observations: 1); // no key: the team's only
        await api.GetAsync("/v1/jobs", admin);

        var env = CliProcess.ValidEnvironment(fixture.ConnectionString);
        var table = await CliProcess.RunAsync(env, "server", "usage", "--team", "cli-usage");
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        // The team: 3 + 1 (the usage read) requests by the reader and 1 by the admin; every token and observation.
        Assert.Contains(lines, l => l is ["cli-usage", "(team)", "5", "1244", "6"]);
        Assert.Contains(lines, l => l.SequenceEqual([readerId, "4", "1234", "5"]));
        Assert.Contains(lines, l => l.Length == 4 && l[0] != readerId && l[1..].SequenceEqual(["1", "0", "0"]));

        var json = await CliProcess.RunAsync(env, "server", "usage", "--team", "cli-usage", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var team = Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!.AsArray())!;
        Assert.Equal((5L, 1244L, 6L), (team["requests"]!.GetValue<long>(), team["tokens"]!.GetValue<long>(), team["observations"]!.GetValue<long>()));

        var badMonth = await CliProcess.RunAsync(env, "server", "usage", "--month", "2026-13");
        Assert.Equal(64, badMonth.ExitCode);
        Assert.Equal(["claude-mem: --month must be YYYY-MM, got '2026-13'"], badMonth.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(badMonth.Stdout);

        var closedPort = ServerProcess.FreePort();
        var unreachable = await CliProcess.RunAsync(new Dictionary<string, string?>(env)
        {
            [EnvVars.DatabaseUrl] = $"postgres://claude:secret@127.0.0.1:{closedPort}/claude",
        }, "server", "usage");
        Assert.NotEqual(0, unreachable.ExitCode);
        var line = Assert.Single(unreachable.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("claude-mem: ", line);
    }

    /// <summary>What the worker's result transaction does (JobRunner queues this SQL with the result).</summary>
    private static async Task AddGenerationAsync(ServerFixture fixture, string team, long tokens, int observations, string keyId = UsageTables.GenerationKey)
    {
        await using var session = fixture.Store.LightweightSession();
        session.QueueSqlCommand(UsageTables.AddGenerationSql, team, UsageTables.MonthOf(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), keyId, tokens, observations);
        await session.SaveChangesAsync();
    }
}
