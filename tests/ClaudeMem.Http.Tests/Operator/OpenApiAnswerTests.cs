using System.Text.Json;
using System.Text.RegularExpressions;
using ClaudeMem.Events.Access;

namespace ClaudeMem.Http.Tests.Operator;

/// <summary>
/// Every documented success answer, called for real with valid input, is what /openapi/v1.json says it is. Jobs are
/// cancelled and retried on a server with generation parked, where a queued job stays queued; the rest runs with
/// generation in-process, so observations and summaries exist.
/// </summary>
public class OpenApiAnswerTests(ServerFixture fixture, ParkedJobsFixture parked) : IClassFixture<ServerFixture>, IClassFixture<ParkedJobsFixture>
{
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _answered = [];
    private JsonNode _document = null!;

    /// <summary>Calls the route, expects <paramref name="status"/>, and checks the body against the documented schema of that status.</summary>
    private async Task<JsonNode> CallAsync(ServerFixture server, string method, string path, object? body, string? key, int status)
    {
        var template = Regex.Replace(path.Split('?')[0], @"/(?:[0-9a-f]{8}-[0-9a-f-]{27}|evt_[0-9a-f]+|sum_[0-9a-f]+|key_[0-9a-f]+|cmem-openapi-[0-9a-f]+)(?=/|$)", m =>
            m.Value switch
            {
                var v when v.StartsWith("/cmem-openapi-") => "/{projectId}",
                _ => "/{id}",
            });
        var real = await new Api(server.Host.Server.CreateClient()).SendAsync(new HttpMethod(method), path,
            body is null ? null : JsonSerializer.Serialize(body), key);
        var where = $"{method} {path}";
        Assert.True(real.Code == status, $"{where}: expected {status}, got {real}");
        var documented = _document["paths"]?[template]?[method.ToLowerInvariant()]?["responses"]?[status.ToString()];
        Assert.True(documented is not null, $"{where} answered {status}, which {method} {template} does not document");
        var schema = documented["content"]?["application/json"]?["schema"];
        Assert.True(schema is not null, $"{where}: {status} is documented without a JSON schema");
        _problems.AddRange(DocumentedSchema.Problems(_document, schema, real.Body).Select(p => $"{where} {status}: {p}"));
        _answered.Add($"{method} {template}");
        return real.Body!;
    }

    [Fact]
    public async Task Every_documented_success_answer_matches_a_real_one()
    {
        var api = new Api(fixture.Host.Server.CreateClient());
        _document = (await api.GetAsync("/openapi/v1.json")).Body!;
        var team = "openapi-" + Guid.NewGuid().ToString("N")[..6];
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: team);
        var project = "cmem-openapi-" + Guid.NewGuid().ToString("N")[..6];

        Task<JsonNode> Call(string method, string path, object? body, int status = 200, string? key = null) =>
            CallAsync(fixture, method, path, body, key ?? admin, status);

        await Call("GET", "/healthz", null);
        await Call("GET", "/api/readiness", null);
        await Call("GET", "/api/health", null);
        await Call("GET", "/v1/info", null);

        var session = await Call("POST", "/v1/sessions/start", new { projectId = project, contentSessionId = "content-1" }, 201);
        var sessionId = session["session"]!["id"]!.ToString();
        await Call("POST", "/v1/sessions/start", new { projectId = project, contentSessionId = "content-1" });
        await Call("GET", $"/v1/sessions/{sessionId}", null);

        var toolUse = new
        {
            projectId = project, serverSessionId = sessionId, sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now,
            payload = new { tool_name = "Edit", tool_input = new { file_path = "src/ledger.ts", old_string = "a", new_string = "b" }, tool_response = new { success = true } },
            sourceEventId = "tool-1",
        };
        var recorded = await Call("POST", "/v1/events?wait=true&waitMs=60000", toolUse, 201);
        Assert.Equal("completed", recorded["generationJob"]!["status"]!.GetValue<string>());
        var eventId = recorded["event"]!["id"]!.ToString();
        var jobId = recorded["generationJob"]!["id"]!.ToString();
        await Call("POST", "/v1/events", toolUse);
        await Call("POST", "/v1/events/batch", new { events = new[] { toolUse with { sourceEventId = "tool-2" }, toolUse with { sourceEventId = "tool-3" } } }, 201);
        await Call("GET", $"/v1/events/{eventId}", null);
        var observations = await Call("GET", $"/v1/events/{eventId}/observations", null);
        var observationId = observations["observations"]![0]!["id"]!.ToString();
        await Call("GET", $"/v1/observations/{observationId}", null);

        var memory = await Call("POST", "/v1/memories", new { projectId = project, sessionId, title = "ledger rounding", text = "round half even", concepts = new[] { "money" } }, 201);
        var memoryId = memory["memory"]!["id"]!.ToString();
        await Call("GET", $"/v1/memories/{memoryId}", null);
        await Call("PATCH", $"/v1/memories/{memoryId}", new { subtitle = "banker's rounding" });

        await Call("POST", "/v1/search", new { projectId = project, query = "ledger" });
        await Call("GET", $"/v1/search?projectId={project}&query=ledger", null);
        await Call("GET", $"/v1/timeline?anchor={observationId}", null);
        await Call("GET", $"/v1/timeline?projectId={project}&query=nothingmatchesthis", null);
        await Call("POST", "/v1/context", new { projectId = project, query = "ledger" });
        await Call("POST", "/v1/context", new { projectId = project });
        await Call("GET", $"/v1/context/session-start?projectId={project}", null);
        await Call("GET", "/v1/jobs", null);
        await Call("GET", $"/v1/jobs/{jobId}", null);
        var refused = await Call("POST", $"/v1/jobs/{jobId}/retry", new { }, 409);
        Assert.Equal("conflict", refused["error"]!.GetValue<string>());
        await Call("GET", "/v1/usage", null);

        await Call("POST", "/v1/sessions/summarize", new { projectId = project, serverSessionId = sessionId, checkpointId = "turn-1" }, 201);
        await Call("POST", "/v1/sessions/summarize", new { projectId = project, serverSessionId = sessionId, checkpointId = "turn-1" });
        await Call("POST", $"/v1/sessions/{sessionId}/end", new { });
        var summary = await api.GetAsync($"/v1/sessions/{sessionId}/summary", admin);
        for (var waited = 0; summary.Code == 404 && waited < 600; waited++)
        {
            await Task.Delay(100);
            summary = await api.GetAsync($"/v1/sessions/{sessionId}/summary", admin);
        }
        await Call("GET", $"/v1/sessions/{sessionId}/summary", null);

        await Call("POST", "/api/sessions/init", new { contentSessionId = "legacy-1", project, prompt = "fix the ledger" });
        await Call("POST", "/api/sessions/observations", new { contentSessionId = "legacy-1", tool_name = "Read", tool_input = new { file_path = "a.ts" }, tool_response = new { ok = true } }, 201);
        await Call("POST", "/api/sessions/summarize", new { contentSessionId = "legacy-1", last_assistant_message = "done" });

        await Call("POST", "/v1/observations/batch", new { ids = new[] { observationId, memoryId, sessionId, Guid.NewGuid().ToString() } });
        await Call("DELETE", $"/v1/memories/{memoryId}", null);
        await Call("DELETE", $"/v1/observations/{observationId}", null);
        await Call("DELETE", $"/v1/projects/{project}/memory", null);

        var minted = await Call("POST", "/v1/keys", new { name = "mcp", projectId = project }, 201);
        await Call("GET", "/v1/keys", null);
        await Call("DELETE", $"/v1/keys/{minted["apiKey"]!["id"]}", null);
        await Call("GET", "/v1/connect", null);

        // Retry and cancel on the parked server: the job stays queued until cancelled, then runs again.
        var parkedKey = await parked.Server.CreateKeyAsync(Scopes.Admin, team: team);
        var parkedEvent = new { projectId = project, sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now, payload = toolUse.payload };
        var parkedJob = (await CallAsync(parked.Server, "POST", "/v1/events", parkedEvent, parkedKey, 201))["generationJob"]!["id"]!.ToString();
        await CallAsync(parked.Server, "POST", $"/v1/jobs/{parkedJob}/cancel", new { }, parkedKey, 200);
        await CallAsync(parked.Server, "POST", $"/v1/jobs/{parkedJob}/retry", new { }, parkedKey, 200);

        Assert.True(_problems.Count == 0, $"{_problems.Count} answers differ from the document:\n" + string.Join("\n", _problems));
        var documented = _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Value!["responses"]!.AsObject().Any(r => r.Key.StartsWith('2')))
            .Select(o => $"{o.Key.ToUpperInvariant()} {p.Key}")).ToList();
        var unwalked = documented.Except(_answered).ToList();
        Assert.True(unwalked.Count == 0, "documented operations this walk never called successfully (add them): " + string.Join(", ", unwalked));
    }
}
