namespace ClaudeMem.Http.Tests.Search;

public class SearchTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private string _key = "";
    private readonly string _team = "search-" + Guid.NewGuid().ToString("N")[..6];
    private Api Api => new(fixture.Host.Server.CreateClient());

    public async Task InitializeAsync() => _key = await fixture.CreateKeyAsync(team: _team);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> MemoryAsync(string project, string title, string text, string type = "discovery", string[]? concepts = null, string[]? files = null)
    {
        var reply = await Api.PostAsync("/v1/memories", new { projectId = project, title, text, type, concepts, files }, _key);
        Assert.True(reply.Code == 201, reply.ToString());
        return reply.Body!["memory"]!["id"]!.ToString();
    }

    [Fact]
    public async Task Words_find_a_memory_ranked_with_a_marked_snippet()
    {
        var hit = await MemoryAsync("p1", "Session cache goes stale after login", "The session cache kept the old token; invalidate on login.");
        await MemoryAsync("p1", "Unrelated build note", "The build uses two cores.");
        var reply = await Api.PostAsync("/v1/search", new { projectId = "p1", query = "stale cache" }, _key);
        Assert.True(reply.Code == 200, reply.ToString());
        Assert.Equal("fulltext", reply.Body!["matchMode"]!.GetValue<string>());
        var results = reply.Body!["results"]!.AsArray();
        Assert.Single(results);
        Assert.Equal(hit, results[0]!["id"]!.ToString());
        Assert.Contains("**stale**", results[0]!["snippet"]!.GetValue<string>());
        Assert.Equal("memory", reply.Body!["observations"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_partial_identifier_falls_back_to_substring_matching()
    {
        var hit = await MemoryAsync("p2", "Lookup fix", "getUserById returned null for archived users");
        var reply = await Api.PostAsync("/v1/search", new { projectId = "p2", query = "UserById" }, _key);
        Assert.True(reply.Code == 200, reply.ToString());
        Assert.Equal("substring", reply.Body!["matchMode"]!.GetValue<string>());
        Assert.Equal(hit, reply.Body!["results"]![0]!["id"]!.ToString());
        Assert.Contains("**UserById**", reply.Body!["results"]![0]!["snippet"]!.GetValue<string>());
    }
}
