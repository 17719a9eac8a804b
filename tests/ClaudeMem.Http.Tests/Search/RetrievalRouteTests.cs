using System.Text;
using System.Text.Json.Nodes;

namespace ClaudeMem.Http.Tests.Search;

/// <summary>Context, timeline, records by id, edits and deletions, over HTTP with generation running in-process.</summary>
public class RetrievalRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private string _key = "";
    private readonly string _team = "retrieval-" + Guid.NewGuid().ToString("N")[..6];
    private Api Api => new(fixture.Host.Server.CreateClient());

    public async Task InitializeAsync() => _key = await fixture.CreateKeyAsync(team: _team);
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> MemoryAsync(string project, string title, string text = "text", string type = "discovery", string[]? concepts = null)
    {
        var reply = await Api.PostAsync("/v1/memories", new { projectId = project, title, text, type, concepts }, _key);
        Assert.True(reply.Code == 201, reply.ToString());
        return reply.Body!["memory"]!["id"]!.ToString();
    }

    /// <summary>A tool event generated into observations by the offline provider; answers their ids.</summary>
    private async Task<List<string>> ObservedAsync(string project, string file)
    {
        var body = new
        {
            projectId = project, sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now,
            payload = new { tool_name = "Edit", tool_input = new { file_path = file, old_string = "a", new_string = "b" }, tool_response = new { success = true } },
            sourceEventId = Guid.NewGuid().ToString(),
        };
        var reply = await Api.PostAsync("/v1/events?wait=true&waitMs=60000", body, _key);
        Assert.True(reply.Code == 201 && reply.Body!["generationJob"]!["status"]!.GetValue<string>() == "completed", reply.ToString());
        var observations = await Api.GetAsync($"/v1/events/{reply.Body!["event"]!["id"]}/observations", _key);
        return observations.Body!["observations"]!.AsArray().Select(o => o!["id"]!.ToString()).ToList();
    }

    private async Task<string> BlockAsync(string query)
    {
        var reply = await Api.GetAsync("/v1/context/session-start?" + query, _key);
        Assert.True(reply.Code == 200, reply.ToString());
        var context = reply.Body!["context"]!.GetValue<string>();
        Assert.Equal(Encoding.UTF8.GetByteCount(context), reply.Body!["bytes"]!.GetValue<int>());
        return context;
    }

    [Fact]
    public async Task Generated_observations_are_searchable_fetchable_by_id_and_in_the_block()
    {
        var project = "gen-" + Guid.NewGuid().ToString("N")[..6];
        var ids = await ObservedAsync(project, "src/payments/ledger.ts");
        Assert.NotEmpty(ids);
        var search = await Api.PostAsync("/v1/search", new { projectId = project, query = "ledger" }, _key);
        Assert.Equal(ids.Order(), search.Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()).Order());
        Assert.Equal("observation", search.Body!["results"]![0]!["kind"]!.GetValue<string>());

        var one = await Api.GetAsync($"/v1/observations/{ids[0]}", _key);
        Assert.Equal(200, one.Code);
        Assert.Contains("ledger.ts", one.Body!["observation"]!["title"]!.GetValue<string>());

        var block = await BlockAsync($"projects={project}");
        Assert.Contains(ids[0], block);
        Assert.Contains("ledger.ts", block);
    }

    [Fact]
    public async Task The_batch_answers_full_records_of_any_kind_in_the_order_asked_and_lists_the_missing()
    {
        var project = "batch";
        var a = await MemoryAsync(project, "first");
        var b = await MemoryAsync(project, "second");
        var foreign = await fixture.CreateKeyAsync(team: "foreign-" + Guid.NewGuid().ToString("N")[..6]);
        var theirs = (await Api.PostAsync("/v1/memories", new { projectId = project, title = "theirs", text = "x" }, foreign)).Body!["memory"]!["id"]!.ToString();
        var unknown = Guid.NewGuid().ToString();
        var reply = await Api.PostAsync("/v1/observations/batch", new { ids = new[] { b, unknown, a, theirs } }, _key);
        Assert.Equal(200, reply.Code);
        Assert.Equal([b, a], reply.Body!["observations"]!.AsArray().Select(o => o!["id"]!.ToString()));
        Assert.Equal("memory", reply.Body!["observations"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(new[] { unknown, theirs }.Order(), reply.Body!["missing"]!.AsArray().Select(m => m!.ToString()).Order());
    }

    [Theory]
    [InlineData("""{}""", "ids")]
    [InlineData("""{"ids":[]}""", "ids")]
    public async Task A_bad_batch_is_a_400_naming_ids(string body, string field)
    {
        var reply = await Api.PostAsync("/v1/observations/batch", body, _key);
        Assert.Equal((400, field), (reply.Code, reply.Body!["field"]!.GetValue<string>()));
        var tooMany = await Api.PostAsync("/v1/observations/batch", new { ids = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()) }, _key);
        Assert.Equal((400, "ids"), (tooMany.Code, tooMany.Body!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_teams_observation_or_memory_is_a_404()
    {
        var foreign = await fixture.CreateKeyAsync(team: "foreign-" + Guid.NewGuid().ToString("N")[..6]);
        var theirs = (await Api.PostAsync("/v1/memories", new { projectId = "x", title = "theirs", text = "x" }, foreign)).Body!["memory"]!["id"]!.ToString();
        Assert.Equal(404, (await Api.GetAsync($"/v1/memories/{theirs}", _key)).Code);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Patch, $"/v1/memories/{theirs}", """{"title":"mine now"}""", _key)).Code);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/memories/{theirs}", null, _key)).Code);
        Assert.Equal(404, (await Api.GetAsync($"/v1/observations/{Guid.NewGuid()}", _key)).Code);
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/observations/{Guid.NewGuid()}", null, _key)).Code);
        Assert.Equal(200, (await Api.GetAsync($"/v1/memories/{theirs}", foreign)).Code);
    }

    [Fact]
    public async Task Deleting_an_observation_removes_it_from_search_timeline_and_context_at_once()
    {
        var project = "del-" + Guid.NewGuid().ToString("N")[..6];
        var ids = await ObservedAsync(project, "src/billing/invoice.ts");
        var deleted = await Api.SendAsync(HttpMethod.Delete, $"/v1/observations/{ids[0]}", null, _key);
        Assert.Equal(200, deleted.Code);
        Assert.Equal(404, (await Api.GetAsync($"/v1/observations/{ids[0]}", _key)).Code);
        var search = await Api.PostAsync("/v1/search", new { projectId = project, query = "invoice" }, _key);
        Assert.DoesNotContain(ids[0], search.Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()));
        Assert.DoesNotContain(ids[0], await BlockAsync($"projectId={project}"));
        var timeline = await Api.GetAsync($"/v1/timeline?projectId={project}&anchor={Api.Now}", _key);
        Assert.DoesNotContain(ids[0], timeline.Body!["items"]!.AsArray().Select(i => i!["id"]!.ToString()));
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/observations/{ids[0]}", null, _key)).Code);
    }

    [Fact]
    public async Task A_memory_can_be_read_edited_and_deleted_and_search_follows()
    {
        var id = await MemoryAsync("edit", "Original title", "about kangaroos");
        var edited = await Api.SendAsync(HttpMethod.Patch, $"/v1/memories/{id}", """{"title":"Renamed about wombats","type":"decision"}""", _key);
        Assert.True(edited.Code == 200, edited.ToString());
        Assert.Equal("Renamed about wombats", edited.Body!["memory"]!["title"]!.GetValue<string>());
        Assert.Equal("about kangaroos", edited.Body!["memory"]!["text"]!.GetValue<string>());
        var read = await Api.GetAsync($"/v1/memories/{id}", _key);
        Assert.Equal("decision", read.Body!["memory"]!["type"]!.GetValue<string>());
        Assert.True(read.Body!["memory"]!["updatedAtEpoch"]!.GetValue<long>() >= read.Body!["memory"]!["createdAtEpoch"]!.GetValue<long>());
        var found = await Api.PostAsync("/v1/search", new { projectId = "edit", query = "wombats", types = new[] { "decision" } }, _key);
        Assert.Equal([id], found.Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()));
        Assert.Empty((await Api.PostAsync("/v1/search", new { projectId = "edit", query = "original" }, _key)).Body!["results"]!.AsArray());

        Assert.Equal(200, (await Api.SendAsync(HttpMethod.Delete, $"/v1/memories/{id}", null, _key)).Code);
        Assert.Equal(404, (await Api.GetAsync($"/v1/memories/{id}", _key)).Code);
        Assert.Empty((await Api.PostAsync("/v1/search", new { projectId = "edit", query = "wombats" }, _key)).Body!["results"]!.AsArray());
        Assert.Equal(404, (await Api.SendAsync(HttpMethod.Delete, $"/v1/memories/{id}", null, _key)).Code);
    }

    [Theory]
    [InlineData("""{}""", "body")]
    [InlineData("""{"type":"bug"}""", "type")]
    [InlineData("""{"title":"  "}""", "title")]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""{"facts":[""]}""", "facts")]
    public async Task A_bad_edit_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var id = await MemoryAsync("bad-edit", "Keep me");
        var reply = await Api.SendAsync(HttpMethod.Patch, $"/v1/memories/{id}", body, _key);
        Assert.Equal((400, field), (reply.Code, reply.Body!["field"]!.GetValue<string>()));
        Assert.Equal("Keep me", (await Api.GetAsync($"/v1/memories/{id}", _key)).Body!["memory"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editing_needs_the_write_scope()
    {
        var id = await MemoryAsync("scopes", "Mine");
        var reader = await fixture.CreateKeyAsync("memories:read", team: _team);
        Assert.Equal(403, (await Api.SendAsync(HttpMethod.Patch, $"/v1/memories/{id}", """{"title":"x"}""", reader)).Code);
        Assert.Equal(403, (await Api.SendAsync(HttpMethod.Delete, $"/v1/memories/{id}", null, reader)).Code);
        Assert.Equal(403, (await Api.SendAsync(HttpMethod.Delete, $"/v1/projects/scopes/memory", null, reader)).Code);
        var writer = await fixture.CreateKeyAsync("memories:write", team: _team);
        Assert.Equal(403, (await Api.SendAsync(HttpMethod.Delete, $"/v1/projects/scopes/memory", null, writer)).Code);
        Assert.Equal(200, (await Api.GetAsync($"/v1/memories/{id}", reader)).Code);
    }

    [Fact]
    public async Task The_typescript_servers_memory_body_is_accepted()
    {
        var reply = await Api.PostAsync("/v1/memories", new { projectId = "ts-body", content = "Always run migrations before seeding\nbecause seeds assume the new columns", kind = "note", metadata = new { source = "cli" } }, _key);
        Assert.True(reply.Code == 201, reply.ToString());
        var memory = reply.Body!["memory"]!;
        Assert.Equal("Always run migrations before seeding", memory["title"]!.GetValue<string>());
        Assert.Equal("note", memory["metadata"]!["kind"]!.GetValue<string>());
        Assert.Equal("cli", memory["metadata"]!["source"]!.GetValue<string>());
        var typed = await Api.PostAsync("/v1/memories", new { projectId = "ts-body", content = "Chose Valkey", kind = "decision" }, _key);
        Assert.Equal("decision", typed.Body!["memory"]!["type"]!.GetValue<string>());
        var found = await Api.PostAsync("/v1/search", new { projectId = "ts-body", query = "seeding" }, _key);
        Assert.Contains("because seeds assume", found.Body!["observations"]![0]!["content"]!.GetValue<string>());
        var empty = await Api.PostAsync("/v1/memories", new { projectId = "ts-body", content = "", kind = "note" }, _key);
        Assert.Equal(400, empty.Code);
    }

    [Fact]
    public async Task Forgetting_a_project_removes_its_memory_answers_the_counts_and_leaves_other_projects()
    {
        await MemoryAsync("forget-me", "one");
        await MemoryAsync("forget-me", "two");
        var kept = await MemoryAsync("keep-me", "three");
        var admin = await fixture.CreateKeyAsync("memories:admin", team: _team);
        var reply = await Api.SendAsync(HttpMethod.Delete, "/v1/projects/forget-me/memory", null, admin);
        Assert.True(reply.Code == 200, reply.ToString());
        Assert.Equal(2, reply.Body!["removed"]!["memory"]!.GetValue<long>());
        Assert.Empty((await Api.PostAsync("/v1/search", new { projectId = "forget-me", kinds = new[] { "memory" } }, _key)).Body!["results"]!.AsArray());
        Assert.Equal([kept], (await Api.PostAsync("/v1/search", new { projectId = "keep-me", kinds = new[] { "memory" } }, _key)).Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()));
        Assert.StartsWith("ClaudeMem: no memory yet", await BlockAsync("projectId=forget-me"));
        var later = await MemoryAsync("forget-me", "after the forget");
        Assert.Equal([later], (await Api.PostAsync("/v1/search", new { projectId = "forget-me", kinds = new[] { "memory" } }, _key)).Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()));
    }

    [Fact]
    public async Task The_timeline_surrounds_the_anchor_in_time_order_and_marks_it()
    {
        var project = "timeline-" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await MemoryAsync(project, $"step {i} of the migration"));
            await Task.Delay(3);
        }
        var reply = await Api.GetAsync($"/v1/timeline?projectId={project}&anchor={ids[3]}&before=2&after=2", _key);
        Assert.True(reply.Code == 200, reply.ToString());
        var items = reply.Body!["items"]!.AsArray();
        Assert.Equal(ids.Skip(1).Take(5), items.Select(i => i!["id"]!.ToString()));
        Assert.Equal([ids[3]], items.Where(i => i!["isAnchor"]!.GetValue<bool>()).Select(i => i!["id"]!.ToString()));

        var byId = await Api.GetAsync($"/v1/timeline?anchor={ids[0]}&after=1&before=5", _key);
        Assert.Equal(ids.Take(2), byId.Body!["items"]!.AsArray().Select(i => i!["id"]!.ToString()));

        var byQuery = await Api.GetAsync($"/v1/timeline?projectId={project}&query=step%206&before=1&after=3", _key);
        Assert.Equal(ids.Skip(5), byQuery.Body!["items"]!.AsArray().Select(i => i!["id"]!.ToString()));

        var legacy = await Api.GetAsync($"/v1/timeline?projectId={project}&anchor={ids[3]}&depth_before=1&depth_after=0", _key);
        Assert.Equal(new[] { ids[2], ids[3] }, legacy.Body!["items"]!.AsArray().Select(i => i!["id"]!.ToString()));
    }

    [Fact]
    public async Task A_session_or_a_moment_can_anchor_the_timeline()
    {
        var project = "timeline-session";
        var session = await Api.PostAsync("/v1/sessions/start", new { projectId = project, contentSessionId = "tl-" + Guid.NewGuid() }, _key);
        var sessionId = session.Body!["session"]!["id"]!.ToString();
        await Task.Delay(5);
        var after = await MemoryAsync(project, "after the session started");
        var reply = await Api.GetAsync($"/v1/timeline?anchor={sessionId}", _key);
        Assert.True(reply.Code == 200, reply.ToString());
        Assert.Contains(after, reply.Body!["items"]!.AsArray().Select(i => i!["id"]!.ToString()));
        var moment = await Api.GetAsync($"/v1/timeline?projectId={project}&anchor={Api.Now + 60_000}&after=0", _key);
        Assert.Contains(after, moment.Body!["items"]!.AsArray().Select(i => i!["id"]!.ToString()));
    }

    [Theory]
    [InlineData("/v1/timeline?projectId=p", "anchor")]
    [InlineData("/v1/timeline?projectId=p&anchor=soon", "anchor")]
    [InlineData("/v1/timeline?projectId=p&anchor=12", "anchor")]
    [InlineData("/v1/timeline?projectId=p&anchor=1764300000000&before=101", "before")]
    [InlineData("/v1/timeline?projectId=p&anchor=1764300000000&after=-1", "after")]
    [InlineData("/v1/timeline?projectId=p&anchor=1764300000000&after=x", "after")]
    [InlineData("/v1/timeline?anchor=1764300000000", "projectId")]
    [InlineData("/v1/context/session-start", "projectId")]
    [InlineData("/v1/context/session-start?projectId=p&budget=10", "budget")]
    [InlineData("/v1/context/session-start?projectId=p&budget=lots", "budget")]
    [InlineData("/v1/context/session-start?projectId=p&observations=500", "observations")]
    [InlineData("/v1/context/session-start?projectId=p&summaries=9", "summaries")]
    [InlineData("/v1/context/session-start?projectId=p&types=bug", "types")]
    public async Task Each_bad_parameter_is_a_400_naming_it(string path, string field)
    {
        var reply = await Api.GetAsync(path, _key);
        Assert.True(reply.Code == 400, reply.ToString());
        Assert.Equal(field, reply.Body!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_anchor_id_is_a_404()
    {
        var reply = await Api.GetAsync($"/v1/timeline?projectId=p&anchor={Guid.NewGuid()}", _key);
        Assert.Equal(404, reply.Code);
    }

    [Fact]
    public async Task Every_knob_of_the_block_is_honoured()
    {
        var project = "knobs-" + Guid.NewGuid().ToString("N")[..6];
        var gotcha = await MemoryAsync(project, "Gotcha: the queue prefix must match", "workers watched an empty queue", "bugfix", ["gotcha: queue prefix"]);
        var plain = await MemoryAsync(project, "Plain discovery", "nothing special here", "discovery", ["how-it-works"]);
        var newest = await MemoryAsync(project, "Newest decision", "we chose the narrow search table", "decision");

        var all = await BlockAsync($"projectId={project}");
        Assert.True(all.IndexOf(gotcha) < all.IndexOf(plain) && all.IndexOf(plain) < all.IndexOf(newest), all);
        Assert.Contains("we chose the narrow search table", all);

        var two = await BlockAsync($"projectId={project}&observations=2");
        Assert.DoesNotContain(gotcha, two);
        Assert.Contains(plain, two);

        Assert.Equal([gotcha], Shown(await BlockAsync($"projectId={project}&types=bugfix"), gotcha, plain, newest));
        Assert.Equal([gotcha], Shown(await BlockAsync($"projectId={project}&concepts=gotcha"), gotcha, plain, newest));
        Assert.DoesNotContain("we chose the narrow search table", await BlockAsync($"projectId={project}&full=0"));
        Assert.Contains("nothing special here", await BlockAsync($"projectId={project}&full=2"));

        var tight = await BlockAsync($"projectId={project}&budget=1000");
        Assert.True(Encoding.UTF8.GetByteCount(tight) <= 1000);
        Assert.Contains(newest, tight);

        Assert.Equal(await BlockAsync($"projectId={project}"), await BlockAsync($"projectId={project}"));
        var post = await Api.PostAsync("/v1/context", new { projectId = project }, _key);
        Assert.Equal(all, post.Body!["context"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summaries_appear_in_the_block_and_their_count_is_a_knob()
    {
        var project = "summaries-" + Guid.NewGuid().ToString("N")[..6];
        for (var s = 0; s < 2; s++)
        {
            var session = await Api.PostAsync("/v1/sessions/start", new { projectId = project, contentSessionId = $"{project}-{s}" }, _key);
            var id = session.Body!["session"]!["id"]!.ToString();
            await ObservedAsync(project, $"src/summary{s}.ts");
            Assert.Equal(200, (await Api.PostAsync($"/v1/sessions/{id}/end", new { }, _key)).Code);
        }
        await Eventually.TrueAsync(async () =>
            (await Api.PostAsync("/v1/search", new { projectId = project, kinds = new[] { "summary" } }, _key)).Body!["results"]!.AsArray().Count == 2,
            TimeSpan.FromSeconds(60), "both summaries to be generated");
        var one = await BlockAsync($"projectId={project}");
        Assert.Equal(1, Count(one, "## Summary of the session"));
        Assert.Equal(2, Count(await BlockAsync($"projectId={project}&summaries=2"), "## Summary of the session"));
        Assert.Equal(0, Count(await BlockAsync($"projectId={project}&summaries=0"), "## Summary of the session"));
    }

    [Fact]
    public async Task A_query_gives_the_typescript_servers_context_shape()
    {
        var hit = await MemoryAsync("ctx-query", "Feature flags live in flags.yaml", "read at boot");
        var reply = await Api.PostAsync("/v1/context", new { projectId = "ctx-query", query = "feature flags", limit = 5 }, _key);
        Assert.True(reply.Code == 200, reply.ToString());
        Assert.Equal(hit, reply.Body!["observations"]![0]!["id"]!.ToString());
        Assert.Contains("Feature flags live in flags.yaml", reply.Body!["context"]!.GetValue<string>());
    }

    [Fact]
    public async Task Prompts_are_searchable_without_their_private_parts()
    {
        var project = "prompts-" + Guid.NewGuid().ToString("N")[..6];
        var prompt = new
        {
            projectId = project, sourceType = "hook", eventType = "UserPromptSubmit", occurredAtEpoch = Api.Now,
            payload = new { prompt = "Why does the flamingo importer time out? <private>password hunter2</private>" },
        };
        Assert.Equal(201, (await Api.PostAsync("/v1/events?generate=false", prompt, _key)).Code);
        var found = await Api.PostAsync("/v1/search", new { projectId = project, query = "flamingo" }, _key);
        var result = found.Body!["results"]![0]!;
        Assert.Equal("prompt", result["kind"]!.GetValue<string>());
        Assert.Empty((await Api.PostAsync("/v1/search", new { projectId = project, query = "hunter2" }, _key)).Body!["results"]!.AsArray());
        var full = await Api.PostAsync("/v1/observations/batch", new { ids = new[] { result["id"]!.ToString() } }, _key);
        Assert.DoesNotContain("hunter2", full.Body!.ToJsonString());
        Assert.Contains("flamingo", full.Body!["observations"]![0]!["prompt"]!.GetValue<string>());
    }

    private static List<string> Shown(string block, params string[] ids) => ids.Where(block.Contains).ToList();

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
