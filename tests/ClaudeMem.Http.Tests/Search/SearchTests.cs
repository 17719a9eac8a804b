using System.Text.Json.Nodes;
using ClaudeMem.Events.Search;
using Microsoft.Extensions.DependencyInjection;

namespace ClaudeMem.Http.Tests.Search;

/// <summary>With the RUM index built beside GIN (CLAUDE_MEM_SEARCH_RUM=true): results must not change.</summary>
public sealed class RumServerFixture : ServerFixture
{
    public RumServerFixture() => Customize = s => s with { SearchRum = true };
}

public sealed class RumSearchTests(RumServerFixture fixture) : SearchTests(fixture), IClassFixture<RumServerFixture>
{
    [Fact]
    public void The_rum_index_serves_ranking_when_the_extension_is_installed() =>
        Assert.True(Fixture.Host.Services.GetRequiredService<SearchQueries>().RumIndexed,
            "postgresql-15-rum is installed by scripts/install-deps.sh; without it this class would test the GIN path twice");
}

public sealed class GinSearchTests(ServerFixture fixture) : SearchTests(fixture), IClassFixture<ServerFixture>
{
    [Fact]
    public void The_rum_index_is_off_by_default() =>
        Assert.False(Fixture.Host.Services.GetRequiredService<SearchQueries>().RumIndexed);
}

/// <summary>Every behaviour of /v1/search, run on both index paths.</summary>
public abstract class SearchTests(ServerFixture fixture) : IAsyncLifetime
{
    protected ServerFixture Fixture => fixture;
    private string _key = "";
    private readonly string _team = "search-" + Guid.NewGuid().ToString("N")[..6];
    private Api Api => new(fixture.Host.Server.CreateClient());

    public async Task InitializeAsync() => _key = await fixture.CreateKeyAsync(team: _team);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> MemoryAsync(string project, string title, string text, string type = "discovery",
        string[]? concepts = null, string[]? files = null, string? subtitle = null)
    {
        var reply = await Api.PostAsync("/v1/memories", new { projectId = project, title, subtitle, text, type, concepts, files }, _key);
        Assert.True(reply.Code == 201, reply.ToString());
        return reply.Body!["memory"]!["id"]!.ToString();
    }

    private async Task<JsonNode> SearchAsync(object body, string? key = null)
    {
        var reply = await Api.PostAsync("/v1/search", body, key ?? _key);
        Assert.True(reply.Code == 200, reply.ToString());
        return reply.Body!;
    }

    private static List<string> Ids(JsonNode body) => body["results"]!.AsArray().Select(r => r!["id"]!.ToString()).ToList();

    [Fact]
    public async Task Words_find_a_memory_with_the_matched_words_marked_in_the_snippet()
    {
        var hit = await MemoryAsync("p1", "Session cache goes stale after login", "The session cache kept the old token; invalidate on login.");
        await MemoryAsync("p1", "Unrelated build note", "The build uses two cores.");
        var body = await SearchAsync(new { projectId = "p1", query = "stale cache" });
        Assert.Equal("fulltext", body["matchMode"]!.GetValue<string>());
        Assert.Equal([hit], Ids(body));
        var result = body["results"]![0]!;
        Assert.Contains("**stale**", result["snippet"]!.GetValue<string>());
        Assert.Equal("memory", result["kind"]!.GetValue<string>());
        Assert.True(result["score"]!.GetValue<double>() > 0);
        Assert.Equal("Session cache goes stale after login", result["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_snippet_marks_every_form_of_the_words_asked_for_around_where_they_meet()
    {
        var filler = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"filler{i}"));
        var text = $"The pool was fine at first. {filler} Connection pooling failed: two connections queried the pools; "
            + $"the retries were endless. {filler}";
        await MemoryAsync("marks", "Incident", text);
        var body = await SearchAsync(new { projectId = "marks", query = "connection pool queries" });
        var snippet = body["results"]![0]!["snippet"]!.GetValue<string>();
        // The window holding all three words, not the first "pool": the stems connect, pool and queri each marked in every form.
        Assert.StartsWith("… ", snippet);
        Assert.EndsWith(" …", snippet);
        Assert.DoesNotContain("at first", snippet);
        foreach (var marked in new[] { "**Connection**", "**pooling**", "**connections**", "**queried**", "**pools**" })
            Assert.Contains(marked, snippet);
        Assert.DoesNotContain("**retries**", snippet);
        Assert.Contains("retries", snippet);
    }

    [Fact]
    public async Task The_typescript_servers_request_and_response_shape_still_work()
    {
        var hit = await MemoryAsync("ts", "Retry budget for the uploader", "Uploads retry three times with jitter.");
        var body = await SearchAsync(new { projectId = "ts", query = "uploader retry", limit = 5 });
        var item = body["observations"]![0]!;
        Assert.Equal(hit, item["id"]!.ToString());
        Assert.Equal("memory", item["kind"]!.GetValue<string>());
        Assert.Contains("Uploads retry three times", item["content"]!.GetValue<string>());
        Assert.Equal(_team, item["teamId"]!.GetValue<string>());
        Assert.Equal("ts", item["projectId"]!.GetValue<string>());
        Assert.NotNull(item["createdAtEpoch"]);
    }

    [Fact]
    public async Task A_title_match_outranks_a_match_in_the_text_and_the_order_is_the_ranking()
    {
        var inText = await MemoryAsync("rank", "Deployment notes", "We also touched the websocket reconnect logic in passing.");
        var inTitle = await MemoryAsync("rank", "Websocket reconnect loses messages", "Messages sent during reconnect were dropped.");
        var body = await SearchAsync(new { projectId = "rank", query = "websocket reconnect" });
        Assert.Equal([inTitle, inText], Ids(body));
        var scores = body["results"]!.AsArray().Select(r => r!["score"]!.GetValue<double>()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Quoted_phrases_or_and_exclusions_follow_web_search_syntax()
    {
        var phrase = await MemoryAsync("syntax", "Rate limit headers", "the rate limit resets every minute");
        var scattered = await MemoryAsync("syntax", "Limit on rate of retries", "a limit exists; the rate varies");
        var other = await MemoryAsync("syntax", "Quota ceilings", "monthly quota for tokens");
        Assert.Equal([phrase], Ids(await SearchAsync(new { projectId = "syntax", query = "\"rate limit resets\"" })));
        Assert.Equal(new[] { phrase, other }.Order(), Ids(await SearchAsync(new { projectId = "syntax", query = "resets or quota" })).Order());
        Assert.Equal([phrase], Ids(await SearchAsync(new { projectId = "syntax", query = "rate limit -retries" })));
        Assert.Contains(scattered, Ids(await SearchAsync(new { projectId = "syntax", query = "rate limit" })));
    }

    [Theory]
    [InlineData("getUserById", "getUserById returned null for archived users")]
    [InlineData("UserById", "getUserById returned null for archived users")]
    [InlineData("auth/sess", "see src/auth/session.ts for the guard")]
    [InlineData("東京", "デプロイ先は東京リージョンです")]
    [InlineData("the", "the")]
    public async Task When_full_text_finds_nothing_the_substring_fallback_answers_and_says_so(string query, string text)
    {
        var project = "fallback-" + Guid.NewGuid().ToString("N")[..6];
        var hit = await MemoryAsync(project, "Note", text);
        var body = await SearchAsync(new { projectId = project, query });
        Assert.Equal([hit], Ids(body));
        if (body["matchMode"]!.GetValue<string>() == "substring")
            Assert.Contains($"**{query}**", body["results"]![0]!["snippet"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        else
            Assert.Equal("fulltext", body["matchMode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_partial_word_uses_the_fallback()
    {
        var hit = await MemoryAsync("partial", "Idempotency keys", "retries reuse the idempotency key");
        var body = await SearchAsync(new { projectId = "partial", query = "dempoten" });
        Assert.Equal("substring", body["matchMode"]!.GetValue<string>());
        Assert.Equal([hit], Ids(body));
    }

    [Fact]
    public async Task Nothing_matching_is_an_empty_list_not_an_error()
    {
        await MemoryAsync("empty", "Something", "else entirely");
        var body = await SearchAsync(new { projectId = "empty", query = "zebra" });
        Assert.Empty(body["results"]!.AsArray());
        Assert.Empty(body["observations"]!.AsArray());
    }

    [Fact]
    public async Task Filters_narrow_by_kind_type_concept_prefix_file_folder_and_date()
    {
        var project = "filters";
        var bug = await MemoryAsync(project, "Cache bug", "stale entries", "bugfix", ["gotcha: stale cache"], ["src/cache/store.ts"]);
        var decision = await MemoryAsync(project, "Cache decision", "use LRU entries", "decision", ["trade-off"], ["docs/adr/0001.md"]);
        Assert.Equal([bug], Ids(await SearchAsync(new { projectId = project, query = "cache", types = new[] { "bugfix" } })));
        Assert.Equal([bug], Ids(await SearchAsync(new { projectId = project, query = "cache", type = "bugfix" })));
        Assert.Equal([bug], Ids(await SearchAsync(new { projectId = project, query = "cache", concepts = new[] { "gotcha" } })));
        Assert.Equal([bug], Ids(await SearchAsync(new { projectId = project, query = "cache", concepts = new[] { "GOTCHA" } })));
        Assert.Equal([decision], Ids(await SearchAsync(new { projectId = project, query = "cache", files = new[] { "docs/adr" } })));
        Assert.Equal([bug], Ids(await SearchAsync(new { projectId = project, query = "cache", files = new[] { "src/cache/store.ts" } })));
        Assert.Equal([bug], Ids(await SearchAsync(new { projectId = project, query = "cache", files = new[] { "cache/store.ts" } })));
        Assert.Empty(Ids(await SearchAsync(new { projectId = project, query = "cache", files = new[] { "src/cach" } })));
        Assert.Equal(2, Ids(await SearchAsync(new { projectId = project, query = "cache", kinds = new[] { "memory" } })).Count);
        Assert.Empty(Ids(await SearchAsync(new { projectId = project, query = "cache", kinds = new[] { "observation", "prompt" } })));
        var future = DateTimeOffset.UtcNow.AddDays(1);
        Assert.Empty(Ids(await SearchAsync(new { projectId = project, query = "cache", dateStart = future.ToString("O") })));
        Assert.Empty(Ids(await SearchAsync(new { projectId = project, query = "cache", dateStart = future.ToUnixTimeMilliseconds() })));
        Assert.Equal(2, Ids(await SearchAsync(new { projectId = project, query = "cache", dateEnd = future.ToString("yyyy-MM-dd") })).Count);

        // The substring fallback narrows by the same filters; a query of stop words never matches on the filters alone.
        var partial = await SearchAsync(new { projectId = project, query = "ntrie", types = new[] { "decision" } });
        Assert.Equal("substring", partial["matchMode"]!.GetValue<string>());
        Assert.Equal([decision], Ids(partial));
        var stopWords = await SearchAsync(new { projectId = project, query = "the", types = new[] { "bugfix" } });
        Assert.Empty(Ids(stopWords));
    }

    [Theory]
    [InlineData("/home/o'neil/app/src/main.ts", "/home/o'neil/app")]
    [InlineData("/home/o'neil/app/src/main.ts", "app/src/main.ts")]
    [InlineData(@"C:\repo\src\main.ts", @"C:\repo\src\main.ts")]
    [InlineData("lib/ünïcode dir/file name.rs", "lib/ünïcode dir")]
    public async Task File_filters_with_quotes_backslashes_spaces_and_unicode_find_the_file(string file, string filter)
    {
        var project = "paths-" + Guid.NewGuid().ToString("N")[..6];
        var hit = await MemoryAsync(project, "Parser edge case", "odd path", "bugfix", ["Edge: Quoting"], [file]);
        await MemoryAsync(project, "Parser elsewhere", "other path", "bugfix", [], ["other/main.ts"]);
        Assert.Equal([hit], Ids(await SearchAsync(new { projectId = project, query = "parser", files = new[] { filter }, concepts = new[] { "edge: q" } })));
    }

    [Fact]
    public async Task No_query_but_filters_lists_newest_first_and_date_order_can_be_chosen()
    {
        var project = "newest";
        var first = await MemoryAsync(project, "First", "one");
        await Task.Delay(5);
        var second = await MemoryAsync(project, "Second", "two");
        var body = await SearchAsync(new { projectId = project, kinds = new[] { "memory" } });
        Assert.Equal("filter", body["matchMode"]!.GetValue<string>());
        Assert.Equal([second, first], Ids(body));
        Assert.Equal([first, second], Ids(await SearchAsync(new { projectId = project, kinds = new[] { "memory" }, orderBy = "date_asc" })));
        Assert.Equal([second], Ids(await SearchAsync(new { projectId = project, kinds = new[] { "memory" }, limit = 1 })));
        Assert.Equal([first], Ids(await SearchAsync(new { projectId = project, kinds = new[] { "memory" }, limit = 1, offset = 1 })));
    }

    [Fact]
    public async Task Several_projects_are_searched_together_as_a_worktree_and_its_main_checkout()
    {
        var main = await MemoryAsync("repo", "Flaky migration test", "runs twice");
        var worktree = await MemoryAsync("repo-feature", "Flaky migration fixed", "ordering");
        var body = await SearchAsync(new { projects = new[] { "repo", "repo-feature" }, query = "flaky migration" });
        Assert.Equal(new[] { main, worktree }.Order(), Ids(body).Order());
        Assert.Equal([main], Ids(await SearchAsync(new { projectId = "repo", query = "flaky migration" })));
    }

    [Fact]
    public async Task Get_takes_the_same_parameters_in_the_query_string()
    {
        var hit = await MemoryAsync("get", "Cron schedule drift", "the cron runs late", "bugfix", ["gotcha"]);
        var reply = await Api.GetAsync("/v1/search?projectId=get&query=cron%20drift&types=bugfix,decision&concepts=got&limit=5", _key);
        Assert.True(reply.Code == 200, reply.ToString());
        Assert.Equal([hit], Ids(reply.Body!));
        Assert.Equal(400, (await Api.GetAsync("/v1/search?projectId=get&query=x&limit=abc", _key)).Code);
        Assert.Equal("sessionId", (await Api.GetAsync("/v1/search?projectId=get&query=x&sessionId=nope", _key)).Body!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"projectId":"p","query":"x","limit":0}""", "limit")]
    [InlineData("""{"projectId":"p","query":"x","limit":101}""", "limit")]
    [InlineData("""{"projectId":"p","query":"x","offset":-1}""", "offset")]
    [InlineData("""{"projectId":"p","query":"x","orderBy":"best"}""", "orderBy")]
    [InlineData("""{"projectId":"p","orderBy":"relevance","kinds":["memory"]}""", "orderBy")]
    [InlineData("""{"projectId":"p","query":"x","kinds":["note"]}""", "kinds")]
    [InlineData("""{"projectId":"p","query":"x","types":["bug"]}""", "types")]
    [InlineData("""{"projectId":"p","query":"x","type":"bug"}""", "type")]
    [InlineData("""{"projectId":"p","query":"x","dateStart":"yesterday"}""", "dateStart")]
    [InlineData("""{"projectId":"p","query":"x","dateStart":1700}""", "dateStart")]
    [InlineData("""{"projectId":"p","query":"x","dateStart":"2026-02-01","dateEnd":"2026-01-01"}""", "dateStart")]
    [InlineData("""{"projectId":"p"}""", "query")]
    [InlineData("""{"query":"x"}""", "projectId")]
    [InlineData("""{"projectId":"","query":"x"}""", "projectId")]
    [InlineData("""{"projectId":"p\u0001","query":"x"}""", "projectId")]
    [InlineData("""{"projects":["a","b\u0000"],"query":"x"}""", "projects")]
    [InlineData("""{"projectId":"p","query":"x","concepts":[""]}""", "concepts")]
    public async Task Each_bad_parameter_is_a_400_naming_it(string body, string field)
    {
        var reply = await Api.PostAsync("/v1/search", body, _key);
        Assert.True(reply.Code == 400, reply.ToString());
        Assert.Equal(field, reply.Body!["field"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(reply.Message));
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_a_400()
    {
        var reply = await Api.PostAsync("/v1/search", new { projectId = "p", query = new string('a', 1001) }, _key);
        Assert.Equal((400, "query"), (reply.Code, reply.Body!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_teams_records_are_never_found_and_a_project_bound_key_stays_in_its_project()
    {
        await MemoryAsync("shared-name", "Team secret", "only for team A eyes");
        var otherTeam = await fixture.CreateKeyAsync(team: "other-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Empty(Ids(await SearchAsync(new { projectId = "shared-name", query = "secret" }, otherTeam)));
        Assert.Empty(Ids(await SearchAsync(new { projectId = "shared-name", query = "secret" }, otherTeam)));
        var bound = await fixture.CreateKeyAsync(team: _team, project: "elsewhere");
        var refused = await Api.PostAsync("/v1/search", new { projectId = "shared-name", query = "secret" }, bound);
        Assert.Equal(403, refused.Code);
        Assert.Empty(Ids(await SearchAsync(new { query = "secret" }, bound)));
    }

    [Fact]
    public async Task Search_needs_a_key_with_the_read_scope()
    {
        Assert.Equal(401, (await Api.PostAsync("/v1/search", new { projectId = "p", query = "x" })).Code);
        var writeOnly = await fixture.CreateKeyAsync("memories:write", team: _team);
        Assert.Equal(403, (await Api.PostAsync("/v1/search", new { projectId = "p", query = "x" }, writeOnly)).Code);
        Assert.Equal(403, (await Api.GetAsync("/v1/search?projectId=p&query=x", writeOnly)).Code);
        var readOnly = await fixture.CreateKeyAsync("memories:read", team: _team);
        Assert.Equal(200, (await Api.PostAsync("/v1/search", new { projectId = "p", query = "x" }, readOnly)).Code);
    }

    [Fact]
    public async Task Nul_in_recorded_text_is_kept_out_of_the_index_and_the_record_is_found()
    {
        var nul = await MemoryAsync("nul", "Binary output", "tool printed a\u0000b then zebrafish");
        Assert.Equal([nul], Ids(await SearchAsync(new { projectId = "nul", query = "zebrafish\u0007" })));
    }

    [Fact]
    public async Task Control_characters_emoji_and_right_to_left_text_are_indexed_and_searchable()
    {
        var project = "unicode";
        var rtl = await MemoryAsync(project, "שלום עולם", "הודעה בעברית על מטמון");
        var emoji = await MemoryAsync(project, "Deploy 🚀 checklist", "ship it 🚀 after tests pass");
        Assert.Equal([rtl], Ids(await SearchAsync(new { projectId = project, query = "עולם" })));
        Assert.Equal([emoji], Ids(await SearchAsync(new { projectId = project, query = "🚀" })));
        Assert.Equal([emoji], Ids(await SearchAsync(new { projectId = project, query = "deploy\u0000checklist" })));
        Assert.Equal([rtl], Ids(await SearchAsync(new { projectId = project, query = "\u202Eעולם" })));
    }
}
