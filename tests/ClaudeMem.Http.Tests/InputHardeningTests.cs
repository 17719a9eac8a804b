using ClaudeMem.Http.Infrastructure;

namespace ClaudeMem.Http.Tests;

/// <summary>Issue 9, items 2 and 3: text PostgreSQL cannot store is kept (reversibly encoded), bad ids are 4xx.</summary>
public class InputHardeningTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Api Api => new(fixture.Host.Server.CreateClient());

    [Fact]
    public async Task An_event_with_NUL_in_values_keys_and_nested_objects_is_stored_and_decodes_to_what_was_sent()
    {
        var key = await fixture.CreateKeyAsync(team: "nul");
        var payloadJson = """{"tool_name":"Bash","tool_response":"out\u0000put","k\u0000ey":{"deep":["a\u0000b","keeps ␀ as it was"]}}""";
        var body = $$"""{"projectId":"p","sourceType":"hook","eventType":"PostToolUse","occurredAtEpoch":{{Api.Now}},"payload":{{payloadJson}}}""";

        var recorded = await Api.PostAsync("/v1/events", body, key);
        Assert.True(recorded.Code == 201, recorded.ToString());

        var read = await Api.GetAsync($"/v1/events/{recorded.Body!["event"]!["id"]}", key);
        var stored = read.Body!["event"]!["payload"]!.AsObject();
        Assert.Equal("out␀0put", stored["tool_response"]!.GetValue<string>());
        // PostgreSQL's jsonb orders keys its own way: compare as JSON, not as text.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payloadJson), Decoded(stored)), Decoded(stored).ToJsonString());
    }

    [Fact]
    public async Task Memory_fields_and_the_legacy_routes_keep_text_with_NUL()
    {
        var key = await fixture.CreateKeyAsync(team: "nul-legacy");
        var memory = await Api.PostAsync("/v1/memories", new { projectId = "p", title = "t\u0000", text = "x\u0000y" }, key);
        Assert.True(memory.Code == 201, memory.ToString());
        Assert.Equal("x\u0000y", NulEncoding.Decode(memory.Body!["memory"]!["text"]!.GetValue<string>()));

        var session = Guid.NewGuid().ToString();
        var init = await Api.PostAsync("/api/sessions/init", new { contentSessionId = session, project = "p", prompt = "pro\u0000mpt" }, key);
        Assert.True(init.Code == 200, init.ToString());
        var observation = await Api.PostAsync("/api/sessions/observations", new
        {
            contentSessionId = session, tool_name = "Bash", cwd = "/w",
            tool_input = new { command = "printf '\u0000'" }, tool_response = "\u0000binary\u0000",
        }, key);
        Assert.True(observation.Code is 200 or 201, observation.ToString());
        Assert.Equal("\u0000binary\u0000", NulEncoding.Decode(observation.Body!["event"]!["payload"]!["tool_response"]!.GetValue<string>()));
        var summarize = await Api.PostAsync("/api/sessions/summarize", new { contentSessionId = session, last_assistant_message = "done\u0000" }, key);
        Assert.True(summarize.Code is 200 or 201, summarize.ToString());
    }

    [Theory]
    [InlineData("/v1/jobs?projectId=a%00", "projectId")]
    [InlineData("/v1/jobs?status=%01", "status")]
    [InlineData("/v1/jobs?projectId=%E2%80%AEabc", "projectId")]
    [InlineData("/v1/jobs/evt_%07", "id")]
    [InlineData("/v1/events/%E2%81%A6x", "id")]
    public async Task Query_parameters_and_ids_with_control_characters_are_a_400_naming_the_field(string path, string field)
    {
        var key = await fixture.CreateKeyAsync(team: "ctl");
        var reply = await Api.GetAsync(path, key);
        Assert.True(reply is { Code: 400, Error: ApiErrors.ValidationFailed }, reply.ToString());
        Assert.Equal(field, reply.Body!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Identifiers_in_bodies_with_NUL_are_a_400_naming_the_field()
    {
        var key = await fixture.CreateKeyAsync(team: "ctl-body");
        var reply = await Api.PostAsync("/v1/sessions/start", new { projectId = "p\u0000" }, key);
        Assert.True(reply is { Code: 400 }, reply.ToString());
        Assert.Equal("projectId", reply.Body!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ending_a_session_id_that_cannot_exist_is_a_404()
    {
        var key = await fixture.CreateKeyAsync(team: "end");
        var reply = await Api.PostAsync($"/v1/sessions/{Guid.Empty}/end", new { }, key);
        Assert.True(reply is { Code: 404, Error: ApiErrors.NotFound }, reply.ToString());
    }

    [Fact]
    public void The_encoding_round_trips_every_mix_of_NUL_and_its_escape()
    {
        foreach (var text in new[] { "", "plain", "\0", "␀", "␀0", "\0␀0␀␀\0", "a␀", "␀\0" })
            Assert.Equal(text, NulEncoding.Decode(NulEncoding.Encode(text)));
        Assert.DoesNotContain('\0', NulEncoding.Encode("a\0b"));
    }

    [Fact]
    public async Task A_batch_event_over_the_per_event_limit_is_a_413_naming_it_and_the_answer_does_not_echo_payloads()
    {
        var key = await fixture.CreateKeyAsync(team: "size");
        var big = new string('x', 1024 * 1024 + 10);
        var events = new object[] { Api.Event("size"), new { projectId = "size", sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now, payload = new { big } } };
        var refused = await Api.PostAsync("/v1/events/batch", new { events }, key);
        Assert.True(refused is { Code: 413, Error: ApiErrors.PayloadTooLarge }, refused.ToString());
        Assert.Equal("events[1].payload", refused.Body!["field"]!.GetValue<string>());

        var fine = Enumerable.Range(0, 10).Select(_ => new { projectId = "size", sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now, payload = new { text = new string('y', 500_000) } }).ToArray();
        var accepted = await Api.PostAsync("/v1/events/batch", new { events = fine }, key);
        Assert.True(accepted.Code == 201, accepted.ToString()[..Math.Min(300, accepted.ToString().Length)]);
        Assert.True(accepted.Body!.ToJsonString().Length < 20_000, $"the batch answer is {accepted.Body!.ToJsonString().Length} characters");
    }

    [Fact]
    public async Task Parallel_legacy_inits_get_unique_dense_prompt_numbers()
    {
        var key = await fixture.CreateKeyAsync(team: "prompts");
        var session = Guid.NewGuid().ToString();
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Api.PostAsync("/api/sessions/init", new { contentSessionId = session, project = "p", prompt = $"prompt {i}" }, key)));
        Assert.All(replies, r => Assert.True(r.Code == 200, r.ToString()));
        Assert.Equal(Enumerable.Range(1, 8), replies.Select(r => r.Body!["promptNumber"]!.GetValue<int>()).Order());
    }

    private static JsonNode Decoded(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(NulEncoding.Decode(p.Key), (JsonNode?)Decoded(p.Value!)))),
        JsonArray array => new JsonArray(array.Select(i => (JsonNode?)Decoded(i!)).ToArray()),
        _ when node.GetValueKind() == System.Text.Json.JsonValueKind.String => JsonValue.Create(NulEncoding.Decode(node.GetValue<string>()))!,
        _ => node.DeepClone(),
    };
}
