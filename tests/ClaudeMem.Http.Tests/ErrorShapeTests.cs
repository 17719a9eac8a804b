using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClaudeMem.Http.Infrastructure;
using ClaudeMem.Http.Mcp;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// Issue 9, item 6: every route that takes a body (the auth matrix's table, which a test keeps equal to
/// the mapped routes, so a new route cannot escape) answers bad bodies with the one error shape
/// {error, message, field?}: 415 without a JSON content type; 400 for JSON that does not parse, nests
/// too deep, repeats a key, has the wrong types, or holds an identifier with control or bidi characters.
/// </summary>
public class ErrorShapeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly IEnumerable<(string Method, string Path, object Body)> BodyRoutes =
        AuthMatrixTests.Routes.Where(r => r.Body is not null).Select(r => (r.Method, r.Path, r.Body!));

    private HttpClient Client => fixture.Host.Server.CreateClient();

    [Fact]
    public void Every_post_and_patch_route_is_probed_with_a_body() =>
        // The table holds every mapped route (AuthMatrixTests checks); each that may take a body must carry one to be probed here.
        Assert.Empty(AuthMatrixTests.Routes.Where(r => r.Method is "POST" or "PUT" or "PATCH" && r.Body is null).Select(r => r.Path));

    [Fact]
    public async Task A_body_without_a_json_content_type_is_a_415_on_every_route()
    {
        var key = await fixture.CreateKeyAsync(team: "shape-415");
        foreach (var (method, path, body) in BodyRoutes)
        {
            var json = JsonSerializer.Serialize(body);
            foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", null })
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
                if (type is not null) content.Headers.ContentType = new MediaTypeHeaderValue(type);
                var reply = await SendAsync(method, path, content, key);
                AssertShape(reply, 415, JsonBodies.UnsupportedMediaType, $"{method} {path} as {type ?? "no type"}");
                Assert.Equal("Content-Type", reply.Body!["field"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Unparseable_too_deep_and_duplicate_key_bodies_are_400s_naming_the_problem_on_every_route()
    {
        var key = await fixture.CreateKeyAsync(team: "shape-400");
        var tooDeep = new string('[', JsonBodies.MaxDepth + 1) + new string(']', JsonBodies.MaxDepth + 1);
        foreach (var (method, path, _) in BodyRoutes)
        {
            var where = $"{method} {path}";
            AssertShape(await SendJsonAsync(method, path, """{"projectId": """, key), 400, ApiErrors.InvalidJson, where + " truncated");
            AssertShape(await SendJsonAsync(method, path, """{"a":1} {"b":2}""", key), 400, ApiErrors.InvalidJson, where + " two values");
            AssertShape(await SendJsonAsync(method, path, "{'a':1}", key), 400, ApiErrors.InvalidJson, where + " single quotes");
            var deep = await SendJsonAsync(method, path, tooDeep, key);
            AssertShape(deep, 400, ApiErrors.InvalidJson, where + " too deep");
            Assert.Contains("deeper than", deep.Message);

            var duplicate = await SendJsonAsync(method, path, """{"dup":1,"other":2,"dup":3}""", key);
            AssertShape(duplicate, 400, JsonBodies.DuplicateKey, where + " duplicate");
            Assert.Equal("dup", duplicate.Body!["field"]!.GetValue<string>());
        }
        // Duplicates are found at any depth, escaped spellings included, and named by their path.
        var nested = await SendJsonAsync("POST", "/v1/events",
            """{"projectId":"p","payload":{"tool_input":{"file_path":"a","file\u005fpath":"b"}}}""", key);
        AssertShape(nested, 400, JsonBodies.DuplicateKey, "nested duplicate");
        Assert.Equal("payload.tool_input.file_path", nested.Body!["field"]!.GetValue<string>());
        var inArray = await SendJsonAsync("POST", "/v1/events/batch", """{"events":[{"a":1},{"a":1,"a":2}]}""", key);
        Assert.Equal("events.[].a", inArray.Body!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bodies_of_the_wrong_json_types_get_our_shape_without_framework_type_names()
    {
        var key = await fixture.CreateKeyAsync(team: "shape-types");
        // MCP's route speaks JSON-RPC: an array is a batch there, answered by the MCP library. Routes whose
        // sample body is {} (ending a session, retrying or cancelling a job) read no body, so no body type is wrong there.
        foreach (var (method, path, body) in BodyRoutes.Where(r => !r.Path.StartsWith(McpHosting.Route) && JsonSerializer.Serialize(r.Body) != "{}"))
        {
            var where = $"{method} {path}";
            AssertShape(await SendJsonAsync(method, path, "[1,2]", key), 400, null, where + " array body");
            AssertShape(await SendJsonAsync(method, path, "\"text\"", key), 400, null, where + " string body");
            var fields = JsonSerializer.SerializeToNode(body)!.AsObject();
            foreach (var (name, value) in fields.ToList())
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String) continue;
                // A string field sent as an object: a type error wherever the field is bound as text.
                var wrongType = fields.DeepClone().AsObject();
                wrongType[name] = new JsonObject { ["not"] = "text" };
                var reply = await SendJsonAsync(method, path, wrongType.ToJsonString(), key);
                AssertShape(reply, 400, null, $"{where} {name} as an object");

                // An identifier with a right-to-left override, or a control character.
                if (!name.EndsWith("Id", StringComparison.Ordinal) && name != "project") continue;
                foreach (var bad in new[] { "al\u202Epha", "al\u0007pha", "al\u2066pha" })
                {
                    var unsafeId = fields.DeepClone().AsObject();
                    unsafeId[name] = bad;
                    var refused = await SendJsonAsync(method, path, unsafeId.ToJsonString(), key);
                    AssertShape(refused, 400, ApiErrors.ValidationFailed, $"{where} {name}={JsonSerializer.Serialize(bad)}");
                    Assert.Equal(name, refused.Body!["field"]?.GetValue<string>());
                }
            }
        }
    }

    /// <summary>Only our fields, the status expected, and nothing of RFC 7807 or .NET in it.</summary>
    private static void AssertShape(Api.Reply reply, int status, string? error, string where)
    {
        Assert.True(reply.Code == status, $"{where}: {reply}");
        var body = reply.Body as JsonObject ?? throw new Xunit.Sdk.XunitException($"{where}: no JSON object body: {reply}");
        Assert.True(body.Select(p => p.Key).All(k => k is "error" or "message" or "field"), $"{where}: fields beyond the error shape: {reply}");
        Assert.True(body["error"] is JsonValue && body["message"] is JsonValue, $"{where}: {reply}");
        if (error is not null) Assert.True(reply.Error == error, $"{where}: expected {error}: {reply}");
        foreach (var leak in new[] { "System.", "ClaudeMem.", "Wolverine", "Microsoft.", "rfc", "Path: $" })
            Assert.False(reply.Message!.Contains(leak, StringComparison.OrdinalIgnoreCase), $"{where}: '{leak}' in the message: {reply}");
    }

    private Task<Api.Reply> SendJsonAsync(string method, string path, string json, string key) =>
        SendAsync(method, path, new StringContent(json, Encoding.UTF8, "application/json"), key);

    private async Task<Api.Reply> SendAsync(string method, string path, HttpContent content, string key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body;
        try { body = text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (JsonException) { throw new Xunit.Sdk.XunitException($"{method} {path} answered {(int)response.StatusCode} with a non-JSON body: {text}"); }
        return new Api.Reply(response.StatusCode, body, response);
    }
}
