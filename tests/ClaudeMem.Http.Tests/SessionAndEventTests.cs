using System.Text;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Sessions;
using Marten;

namespace ClaudeMem.Http.Tests;

public class SessionAndEventTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private string _key = "";
    private Api Api => new(fixture.Host.Server.CreateClient());

    public async Task InitializeAsync() => _key = await fixture.CreateKeyAsync(team: "sessions-" + Guid.NewGuid().ToString("N")[..6]);
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Starting_a_session_twice_answers_201_then_200_with_the_same_session()
    {
        var body = new { projectId = "repo", externalSessionId = "ext-1", agentType = "claude-code", metadata = new { cwd = "/src" } };
        var first = await Api.PostAsync("/v1/sessions/start", body, _key);
        var second = await Api.PostAsync("/v1/sessions/start", body, _key);
        Assert.Equal((201, 200), (first.Code, second.Code));
        Assert.Equal(first.Body!["session"]!["id"]!.ToString(), second.Body!["session"]!["id"]!.ToString());
        Assert.Equal("/src", first.Body!["session"]!["metadata"]!["cwd"]!.GetValue<string>());
        Assert.Equal("active", first.Body!["session"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_starts_of_one_session_create_it_exactly_once()
    {
        var body = new { projectId = "repo", externalSessionId = "race-" + Guid.NewGuid() };
        var replies = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Api.PostAsync("/v1/sessions/start", body, _key)));
        Assert.All(replies, r => Assert.True(r.Code is 200 or 201, r.ToString()));
        Assert.Single(replies, r => r.Code == 201);
        Assert.Single(replies.Select(r => r.Body!["session"]!["id"]!.ToString()).Distinct());
        var id = Guid.Parse(replies[0].Body!["session"]!["id"]!.ToString());
        await using var query = fixture.Store.QuerySession();
        Assert.Single(await query.Events.FetchStreamAsync(id));
    }

    [Fact]
    public async Task Ending_a_session_twice_or_concurrently_records_one_end()
    {
        var started = await Api.PostAsync("/v1/sessions/start", new { projectId = "repo" }, _key);
        var id = started.Body!["session"]!["id"]!.ToString();
        var ends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.PostAsync($"/v1/sessions/{id}/end", new { }, _key)));
        Assert.All(ends, e => Assert.Equal(200, e.Code));
        Assert.All(ends, e => Assert.Equal("ended", e.Body!["session"]!["status"]!.GetValue<string>()));
        await using var query = fixture.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(Guid.Parse(id));
        Assert.Single(events, e => e.Data is SessionEnded);
        var view = await Api.GetAsync($"/v1/sessions/{id}", _key);
        Assert.NotNull(view.Body!["session"]!["endedAtEpoch"]);
    }

    [Fact]
    public async Task Unknown_sessions_and_events_are_404_with_a_json_body()
    {
        Assert.True((await Api.GetAsync($"/v1/sessions/{Guid.NewGuid()}", _key)) is { Code: 404, Error: "not_found" });
        Assert.True((await Api.PostAsync($"/v1/sessions/{Guid.NewGuid()}/end", new { }, _key)) is { Code: 404, Error: "not_found" });
        Assert.True((await Api.GetAsync($"/v1/events/{Guid.NewGuid()}", _key)) is { Code: 404, Error: "not_found" });
        Assert.True((await Api.GetAsync("/v1/sessions/not-a-guid", _key)) is { Code: 404, Error: "not_found" });
    }

    [Fact]
    public async Task An_event_is_idempotent_on_its_source_event_id_even_under_concurrency()
    {
        var started = await Api.PostAsync("/v1/sessions/start", new { projectId = "repo", contentSessionId = "cc-1" }, _key);
        var body = Api.Event("repo", sourceEventId: "tool-use-" + Guid.NewGuid(), contentSessionId: "cc-1");
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Api.PostAsync("/v1/events", body, _key)));
        Assert.All(replies, r => Assert.True(r.Code is 200 or 201, r.ToString()));
        Assert.Single(replies, r => r.Code == 201);
        var eventId = replies[0].Body!["event"]!["id"]!.ToString();
        Assert.All(replies, r => Assert.Equal(eventId, r.Body!["event"]!["id"]!.ToString()));
        Assert.Equal(started.Body!["session"]!["id"]!.ToString(), replies[0].Body!["event"]!["sessionId"]!.ToString());

        var fetched = await Api.GetAsync($"/v1/events/{eventId}", _key);
        Assert.Equal("Read", fetched.Body!["event"]!["payload"]!["tool_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_without_a_source_id_are_all_kept()
    {
        var body = Api.Event("repo");
        var a = await Api.PostAsync("/v1/events", body, _key);
        var b = await Api.PostAsync("/v1/events", body, _key);
        Assert.Equal((201, 201), (a.Code, b.Code));
        Assert.NotEqual(a.Body!["event"]!["id"]!.ToString(), b.Body!["event"]!["id"]!.ToString());
    }

    [Fact]
    public async Task An_event_for_a_session_that_does_not_exist_is_404_and_writes_nothing()
    {
        var orphan = "orphan-" + Guid.NewGuid().ToString("N");
        var never = "never-started-" + Guid.NewGuid().ToString("N");
        var reply = await Api.PostAsync("/v1/events", Api.Event("repo", sourceEventId: orphan, contentSessionId: never), _key);
        Assert.Equal(404, reply.Code);
        Assert.Contains(never, reply.Message);
        var missing = Guid.NewGuid();
        var other = await Api.PostAsync("/v1/events", Api.Event("repo", serverSessionId: missing, sourceEventId: orphan + "-2"), _key);
        Assert.Equal(404, other.Code);
        // Read back: no event, no session, no job, no audit row mentions either request.
        Assert.Equal(0, await fixture.RowsContainingAsync(orphan));
        Assert.Equal(0, await fixture.RowsContainingAsync(never));
        Assert.Equal(0, await fixture.RowsContainingAsync(missing.ToString()));
    }

    [Theory]
    [InlineData("""{"sourceType":"hook","eventType":"x","occurredAtEpoch":1700000000000,"payload":{}}""", "projectId")]
    [InlineData("""{"projectId":"p","sourceType":"cron","eventType":"x","occurredAtEpoch":1700000000000,"payload":{}}""", "sourceType")]
    [InlineData("""{"projectId":"p","sourceType":"hook","occurredAtEpoch":1700000000000,"payload":{}}""", "eventType")]
    [InlineData("""{"projectId":"p","sourceType":"hook","eventType":"x","payload":{}}""", "occurredAtEpoch")]
    [InlineData("""{"projectId":"p","sourceType":"hook","eventType":"x","occurredAtEpoch":1700000000,"payload":{}}""", "occurredAtEpoch")]
    [InlineData("""{"projectId":"p","sourceType":"hook","eventType":"x","occurredAtEpoch":1700000000000}""", "payload")]
    [InlineData("""{"projectId":"p","sourceType":"hook","eventType":"x","occurredAtEpoch":"yesterday","payload":{}}""", "occurredAtEpoch")]
    [InlineData("""{"projectId":"p","sourceType":"hook","eventType":"x","occurredAtEpoch":1700000000000,"payload":{},"metadata":[1]}""", "metadata")]
    [InlineData("""{"projectId":"p","sourceType":"hook","eventType":"x","occurredAtEpoch":1700000000000,"payload":{},"serverSessionId":"nope"}""", "serverSessionId")]
    [InlineData("""{"projectId":"","sourceType":"hook","eventType":"x","occurredAtEpoch":1700000000000,"payload":{}}""", "projectId")]
    public async Task Malformed_events_are_400_naming_the_field(string json, string field)
    {
        var reply = await Api.PostAsync("/v1/events", json, _key);
        Assert.Equal(400, reply.Code);
        Assert.Equal(field, reply.Body!["field"]!.GetValue<string>());
        Assert.Contains(reply.Error, new[] { "validation_failed", "invalid_json" });
    }

    [Theory]
    [InlineData("{\"projectId\":")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("null")]
    public async Task Broken_bodies_are_400_json(string body)
    {
        var reply = await Api.PostAsync("/v1/sessions/start", body, _key);
        Assert.Equal(400, reply.Code);
        Assert.NotNull(reply.Error);
        Assert.NotNull(reply.Message);
    }

    [Fact]
    public async Task Oversize_bodies_are_413_with_and_without_a_declared_length()
    {
        var huge = "{\"projectId\":\"p\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        var declared = await Api.PostAsync("/v1/sessions/start", huge, _key);
        Assert.True(declared is { Code: 413, Error: "payload_too_large" }, declared.ToString());

        // A stream of unknown length (a pipe, not a seekable buffer), sent chunked: no Content-Length
        // reaches the server, so only the limit enforced while reading can refuse it.
        var pipe = new System.IO.Pipelines.Pipe();
        _ = Task.Run(async () =>
        {
            await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(huge));
            await pipe.Writer.CompleteAsync();
        });
        long? sentLength = -1;
        var chunked = await Api.SendAsync(HttpMethod.Post, "/v1/memories", null, _key, r =>
        {
            r.Content = new StreamContent(pipe.Reader.AsStream()) { Headers = { ContentType = new("application/json") } };
            r.Headers.TransferEncodingChunked = true;
            sentLength = r.Content.Headers.ContentLength;
        });
        Assert.Null(sentLength);
        Assert.True(chunked is { Code: 413, Error: "payload_too_large" }, chunked.ToString());
    }

    [Fact]
    public async Task A_batch_is_all_or_nothing()
    {
        var good = Enumerable.Range(0, 20).Select(i => Api.Event("batch-repo", sourceEventId: $"b-{i}-{Guid.NewGuid()}")).ToList<object>();
        var bad = good.Append(new { projectId = "batch-repo", sourceType = "hook" }).ToList();
        var refused = await Api.PostAsync("/v1/events/batch", new { events = bad }, _key);
        Assert.Equal(400, refused.Code);
        Assert.Equal("events[20].eventType", refused.Body!["field"]!.GetValue<string>());
        await using (var query = fixture.Store.QuerySession())
            Assert.Equal(0, await query.Query<AgentEventView>().CountAsync(e => e.ProjectId == "batch-repo"));

        var accepted = await Api.PostAsync("/v1/events/batch", new { events = good }, _key);
        Assert.Equal(201, accepted.Code);
        Assert.Equal(20, accepted.Body!["created"]!.GetValue<int>());
        var replay = await Api.PostAsync("/v1/events/batch", new { events = good }, _key);
        Assert.Equal(200, replay.Code);
        Assert.Equal(20, replay.Body!["existing"]!.GetValue<int>());
        await using (var query = fixture.Store.QuerySession())
            Assert.Equal(20, await query.Query<AgentEventView>().CountAsync(e => e.ProjectId == "batch-repo"));
    }

    [Fact]
    public async Task A_batch_must_hold_1_to_500_events_of_one_project()
    {
        Assert.Equal(400, (await Api.PostAsync("/v1/events/batch", new { events = Array.Empty<object>() }, _key)).Code);
        var tooMany = Enumerable.Range(0, 501).Select(_ => Api.Event("p")).ToArray();
        var reply = await Api.PostAsync("/v1/events/batch", new { events = tooMany }, _key);
        Assert.True(reply is { Code: 400 } && reply.Message!.Contains("501"), reply.ToString());
        var mixed = await Api.PostAsync("/v1/events/batch", new { events = new[] { Api.Event("p1"), Api.Event("p2") } }, _key);
        Assert.Equal("events[1].projectId", mixed.Body!["field"]!.GetValue<string>());
        var full = Enumerable.Range(0, 500).Select(_ => Api.Event("full-batch")).ToArray();
        Assert.Equal(201, (await Api.PostAsync("/v1/events/batch", new { events = full }, _key)).Code);
    }

    [Fact]
    public async Task A_memory_is_stored_without_generation()
    {
        var reply = await Api.PostAsync("/v1/memories", new
        {
            projectId = "repo", type = "decision", title = "Use Marten", text = "Events are the truth.",
            concepts = new[] { "why-it-exists" }, files = new[] { "src/a.cs" },
        }, _key);
        Assert.Equal(201, reply.Code);
        Assert.Equal("decision", reply.Body!["memory"]!["type"]!.GetValue<string>());
        // Read back: the memory is stored as sent, and no generation job was queued for it.
        var id = reply.Body!["memory"]!["id"]!.ToString();
        var stored = await Api.GetAsync($"/v1/memories/{id}", _key);
        Assert.True(stored.Code == 200, stored.ToString());
        Assert.Equal(("Use Marten", "Events are the truth."),
            (stored.Body!["memory"]!["title"]!.GetValue<string>(), stored.Body!["memory"]!["text"]!.GetValue<string>()));
        var jobs = await Api.GetAsync("/v1/jobs", _key);
        Assert.True(jobs.Code == 200, jobs.ToString());
        Assert.DoesNotContain(id, jobs.ToString());
        Assert.Null(reply.Body!["generationJob"]);
        Assert.Equal(400, (await Api.PostAsync("/v1/memories", new { projectId = "repo", type = "gossip", title = "t", text = "x" }, _key)).Code);
        Assert.Equal(400, (await Api.PostAsync("/v1/memories", new { projectId = "repo", title = "t" }, _key)).Code);
    }
}
