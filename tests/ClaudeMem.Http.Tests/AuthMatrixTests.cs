using ClaudeMem.Events.Access;
using ClaudeMem.Http.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// Issue 9, item 13: every authenticated route refuses every bad key. The table below is the one
/// place to extend when a route is added; a test fails while any authenticated route is missing from it.
/// (AuthTests.Every_route_answers_the_matrix_of_keys also checks other teams, other projects and the
/// owner's success on the core routes.)
/// </summary>
public class AuthMatrixTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string AnyId = "00000000-0000-0000-0000-0000000000a1";

    /// <summary>Method, route pattern (as registered), a concrete path, a body, the scope it needs.</summary>
    public static readonly (string Method, string Pattern, string Path, object? Body, string Scope)[] Routes =
    [
        ("POST", "/v1/sessions/start", "/v1/sessions/start", new { projectId = "alpha" }, Scopes.Write),
        ("GET", "/v1/sessions/{id}", $"/v1/sessions/{AnyId}", null, Scopes.Read),
        ("POST", "/v1/sessions/{id}/end", $"/v1/sessions/{AnyId}/end", new { }, Scopes.Write),
        ("GET", "/v1/sessions/{id}/summary", $"/v1/sessions/{AnyId}/summary", null, Scopes.Read),
        ("POST", "/v1/events", "/v1/events", Api.Event("alpha"), Scopes.Write),
        ("POST", "/v1/events/batch", "/v1/events/batch", new { events = new[] { Api.Event("alpha") } }, Scopes.Write),
        ("GET", "/v1/events/{id}", $"/v1/events/{AnyId}", null, Scopes.Read),
        ("GET", "/v1/events/{id}/observations", $"/v1/events/{AnyId}/observations", null, Scopes.Read),
        ("GET", "/v1/observations/{id}", $"/v1/observations/{AnyId}", null, Scopes.Read),
        ("DELETE", "/v1/observations/{id}", $"/v1/observations/{AnyId}", null, Scopes.Write),
        ("POST", "/v1/observations/batch", "/v1/observations/batch", new { ids = new[] { AnyId } }, Scopes.Read),
        ("POST", "/v1/memories", "/v1/memories", new { projectId = "alpha", title = "t", text = "x" }, Scopes.Write),
        ("GET", "/v1/memories/{id}", $"/v1/memories/{AnyId}", null, Scopes.Read),
        ("PATCH", "/v1/memories/{id}", $"/v1/memories/{AnyId}", new { title = "t2" }, Scopes.Write),
        ("DELETE", "/v1/memories/{id}", $"/v1/memories/{AnyId}", null, Scopes.Write),
        ("DELETE", "/v1/projects/{projectId}/memory", "/v1/projects/alpha/memory", null, Scopes.Admin),
        ("GET", "/v1/jobs", "/v1/jobs", null, Scopes.Read),
        ("GET", "/v1/jobs/{id}", "/v1/jobs/evt_x", null, Scopes.Read),
        ("POST", "/v1/jobs/{id}/retry", "/v1/jobs/evt_x/retry", new { }, Scopes.Write),
        ("POST", "/v1/jobs/{id}/cancel", "/v1/jobs/evt_x/cancel", new { }, Scopes.Write),
        ("POST", "/v1/search", "/v1/search", new { projectId = "alpha", query = "x" }, Scopes.Read),
        ("GET", "/v1/search", "/v1/search?projectId=alpha&query=x", null, Scopes.Read),
        ("GET", "/v1/timeline", "/v1/timeline?projectId=alpha", null, Scopes.Read),
        ("POST", "/v1/context", "/v1/context", new { projectId = "alpha" }, Scopes.Read),
        ("GET", "/v1/context/session-start", "/v1/context/session-start?projectId=alpha", null, Scopes.Read),
        ("POST", "/api/sessions/init", "/api/sessions/init", new { contentSessionId = "s", project = "alpha", prompt = "p" }, Scopes.Write),
        ("POST", "/api/sessions/observations", "/api/sessions/observations", new { contentSessionId = "s", tool_name = "Read", cwd = "/alpha" }, Scopes.Write),
        ("POST", "/api/sessions/summarize", "/api/sessions/summarize", new { contentSessionId = "s" }, Scopes.Write),
        ("POST", "/v1/sessions/summarize", "/v1/sessions/summarize", new { projectId = "alpha", contentSessionId = "s", checkpointId = "c" }, Scopes.Write),
        ("GET", "/v1/usage", "/v1/usage", null, Scopes.Read),
        ("GET", "/v1/keys", "/v1/keys", null, Scopes.Write),
        ("POST", "/v1/keys", "/v1/keys", new { name = "k", scopes = new[] { "memories:read" }, projectId = "alpha" }, Scopes.Write),
        ("DELETE", "/v1/keys/{id}", $"/v1/keys/{AnyId}", null, Scopes.Write),
        ("GET", "/v1/connect", "/v1/connect", null, Scopes.Read),
        ("POST", "/v1/mcp/", "/v1/mcp", new { jsonrpc = "2.0", id = 1, method = "tools/list" }, Scopes.Read),
        // Mapped for every method; probed with GET.
        ("*", "/metrics", "/metrics", null, Scopes.Admin),
    ];

    private Api Api => new(fixture.Host.Server.CreateClient());

    [Fact]
    public void The_table_holds_every_authenticated_route()
    {
        var registered = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        var listed = Routes.Select(r => $"{r.Method} {r.Pattern}").ToHashSet();
        Assert.Empty(registered.Except(listed)); // an authenticated route nobody checks
        Assert.Empty(listed.Except(registered)); // a row for a route that no longer exists
    }

    [Fact]
    public async Task Every_authenticated_route_refuses_missing_unknown_malformed_revoked_expired_and_underscoped_keys()
    {
        var revoked = await fixture.CreateKeyAsync(team: "matrix");
        await fixture.RevokeAsync(revoked);
        var keys = new (string Name, string? Key, int Status)[]
        {
            ("no key", null, 401),
            ("unknown key", "cmem_" + new string('0', 48), 403),
            ("malformed key", "not-even-a-key", 403),
            ("revoked key", revoked, 403),
            ("expired key", await fixture.CreateKeyAsync(team: "matrix", expiresAtEpoch: Api.Now - 1000), 403),
        };
        var narrow = new Dictionary<string, string>
        {
            [Scopes.Read] = await fixture.CreateKeyAsync(Scopes.Write, team: "matrix"),
            [Scopes.Write] = await fixture.CreateKeyAsync(Scopes.Read, team: "matrix"),
            [Scopes.Admin] = await fixture.CreateKeyAsync($"{Scopes.Read},{Scopes.Write}", team: "matrix"),
        };

        foreach (var route in Routes)
        {
            var where = $"{route.Method} {route.Path}";
            foreach (var (name, key, status) in keys)
            {
                var reply = await CallAsync(route, key);
                Assert.True(reply.Code == status && reply.Error is "unauthorized" or "forbidden", $"{where} with {name}: {reply}");
            }
            var scoped = await CallAsync(route, narrow[route.Scope]);
            Assert.True(scoped is { Code: 403, Error: "forbidden" }, $"{where} without scope {route.Scope}: {scoped}");
        }
    }

    private Task<Api.Reply> CallAsync((string Method, string Pattern, string Path, object? Body, string Scope) route, string? key) =>
        Api.SendAsync(new HttpMethod(route.Method == "*" ? "GET" : route.Method), route.Path, route.Body is null ? null : System.Text.Json.JsonSerializer.Serialize(route.Body), key);
}
