using System.Text.Json.Nodes;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Tests.Search;

/// <summary>
/// A project larger than the first candidate window: common words are ranked among the newest
/// matches, rare ones are still found wherever they are, and date orders stay exact.
/// </summary>
/// <summary>One server with the project seeded once, oldest record first.</summary>
public sealed class WindowedProject : IAsyncLifetime
{
    public const string Name = "windows";
    public static readonly int Records = CandidateWindows.FirstWindowRows * 3;
    public ServerFixture Server { get; } = new();
    public string Key { get; private set; } = "";
    /// <summary>
    /// Oldest first: record i says "common" (in its title for the older half, so that ranking every
    /// match would put old records first), every tenth also "tenth", the first one alone "needle".
    /// </summary>
    public List<string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Key = await Server.CreateKeyAsync(team: "windows");
        var api = new Api(Server.Host.Server.CreateClient());
        for (var i = 0; i < Records; i++)
        {
            var words = "common entry" + (i % 10 == 0 ? " tenth" : "") + (i == 0 ? " needle" : "");
            var reply = await api.PostAsync("/v1/memories", new { projectId = Name, title = i < Records / 2 ? $"Common record {i}" : $"Record {i}", text = words }, Key);
            Assert.True(reply.Code == 201, reply.ToString());
            Ids.Add(reply.Body!["memory"]!["id"]!.ToString());
        }
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}

public sealed class SearchWindowTests(WindowedProject data) : IClassFixture<WindowedProject>
{
    private const string Project = WindowedProject.Name;
    private List<string> _ids => data.Ids;
    private Api Api => new(data.Server.Host.Server.CreateClient());

    private async Task<List<string>> SearchAsync(object body)
    {
        var reply = await Api.PostAsync("/v1/search", body, data.Key);
        Assert.True(reply.Code == 200, reply.ToString());
        return reply.Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()).ToList();
    }

    [Fact]
    public async Task A_word_only_the_oldest_record_has_is_found()
    {
        Assert.Equal([_ids[0]], await SearchAsync(new { projectId = Project, query = "needle" }));
    }

    [Fact]
    public async Task Newest_first_with_a_query_is_exact_across_pages()
    {
        var tenth = _ids.Where((_, i) => i % 10 == 0).Reverse().ToList();
        var page1 = await SearchAsync(new { projectId = Project, query = "tenth", orderBy = "date_desc", limit = 50 });
        var page2 = await SearchAsync(new { projectId = Project, query = "tenth", orderBy = "date_desc", limit = 50, offset = 50 });
        Assert.Equal(tenth[..50], page1);
        Assert.Equal(tenth[50..], page2);
        Assert.Equal(tenth[^5..].AsEnumerable().Reverse(),
            await SearchAsync(new { projectId = Project, query = "tenth", orderBy = "date_asc", limit = 5 }));
    }

    [Fact]
    public async Task A_common_word_is_ranked_among_the_newest_matches_and_pages_do_not_overlap()
    {
        var page1 = await SearchAsync(new { projectId = Project, query = "common", limit = 20 });
        var page2 = await SearchAsync(new { projectId = Project, query = "common", limit = 20, offset = 20 });
        Assert.Equal(20, page1.Count);
        Assert.Equal(20, page2.Count);
        Assert.Empty(page1.Intersect(page2));
        var newest = _ids[^CandidateWindows.FirstWindowRows..].ToHashSet();
        Assert.All(page1.Concat(page2), id => Assert.Contains(id, newest));
    }
}
