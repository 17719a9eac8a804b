using System.Net;
using ClaudeMem.Events.Access;
using ClaudeMem.Http.Auth;

namespace ClaudeMem.Http.Tests;

public class AuthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Api Api => new(fixture.Host.Server.CreateClient());

    /// <summary>Every authenticated route, with a request that would succeed for the right key.</summary>
    private async Task<(string Method, string Path, object? Body, string Scope)[]> RoutesAsync(string ownerKey)
    {
        var session = await Api.PostAsync("/v1/sessions/start", new { projectId = "alpha", externalSessionId = Guid.NewGuid().ToString() }, ownerKey);
        var sessionId = session.Body!["session"]!["id"]!.GetValue<string>();
        var recorded = await Api.PostAsync("/v1/events", Api.Event("alpha"), ownerKey);
        var eventId = recorded.Body!["event"]!["id"]!.GetValue<string>();
        return
        [
            ("POST", "/v1/sessions/start", new { projectId = "alpha" }, Scopes.Write),
            ("GET", $"/v1/sessions/{sessionId}", null, Scopes.Read),
            ("POST", $"/v1/sessions/{sessionId}/end", new { }, Scopes.Write),
            ("POST", "/v1/events", Api.Event("alpha"), Scopes.Write),
            ("POST", "/v1/events/batch", new { events = new[] { Api.Event("alpha") } }, Scopes.Write),
            ("GET", $"/v1/events/{eventId}", null, Scopes.Read),
            ("POST", "/v1/memories", new { projectId = "alpha", title = "t", text = "x" }, Scopes.Write),
        ];
    }

    private Task<Api.Reply> CallAsync((string Method, string Path, object? Body, string Scope) route, string? key,
        Action<HttpRequestMessage>? configure = null) =>
        route.Method == "GET" ? Api.GetAsync(route.Path, key, configure) : Api.PostAsync(route.Path, route.Body, key, configure);

    [Fact]
    public async Task Every_route_answers_the_matrix_of_keys()
    {
        var owner = await fixture.CreateKeyAsync(team: "matrix");
        var routes = await RoutesAsync(owner);
        var revoked = await fixture.CreateKeyAsync(team: "matrix");
        await fixture.RevokeAsync(revoked);
        var expired = await fixture.CreateKeyAsync(team: "matrix", expiresAtEpoch: Api.Now - 1000);
        var otherTeam = await fixture.CreateKeyAsync(team: "someone-else");
        var otherProject = await fixture.CreateKeyAsync(team: "matrix", project: "beta");
        var readOnly = await fixture.CreateKeyAsync(Scopes.Read, team: "matrix");
        var writeOnly = await fixture.CreateKeyAsync(Scopes.Write, team: "matrix");

        foreach (var route in routes)
        {
            var where = $"{route.Method} {route.Path}";
            Assert.True((await CallAsync(route, null)) is { Code: 401, Error: "unauthorized" }, $"{where} without a key");
            var unknown = await CallAsync(route, "cmem_" + new string('0', 48));
            Assert.True(unknown is { Code: 403, Error: "forbidden", Message: ApiKeyAuthentication.InvalidKeyMessage }, $"{where} unknown key: {unknown}");
            Assert.True((await CallAsync(route, "not-even-a-key")) is { Code: 403 }, $"{where} malformed key");
            // A revoked key reads exactly like one that never existed.
            Assert.True((await CallAsync(route, revoked)) is { Code: 403, Message: ApiKeyAuthentication.InvalidKeyMessage }, $"{where} revoked");
            Assert.True((await CallAsync(route, expired)) is { Code: 403, Message: "API key has expired" }, $"{where} expired");
            var wrongScope = route.Scope == Scopes.Read ? writeOnly : readOnly;
            Assert.True((await CallAsync(route, wrongScope)) is { Code: 403, Error: "forbidden" }, $"{where} wrong scope");

            // Another team's resources look missing; creating in a project a key is not bound to is refused.
            var expectedForOthers = route.Method == "GET" || route.Path.EndsWith("/end") ? 404 : 403;
            Assert.True((await CallAsync(route, otherProject)).Code == expectedForOthers, $"{where} other project");
            if (expectedForOthers == 404)
                Assert.Equal(404, (await CallAsync(route, otherTeam)).Code);

            var ok = await CallAsync(route, owner);
            Assert.True(ok.Code is 200 or 201, $"{where} with the owner's key: {ok}");
        }
    }

    [Fact]
    public async Task Another_team_writing_the_same_project_name_gets_its_own_data()
    {
        var mine = await fixture.CreateKeyAsync(team: "t1");
        var theirs = await fixture.CreateKeyAsync(team: "t2");
        var a = await Api.PostAsync("/v1/sessions/start", new { projectId = "shared-name", externalSessionId = "s" }, mine);
        var b = await Api.PostAsync("/v1/sessions/start", new { projectId = "shared-name", externalSessionId = "s" }, theirs);
        Assert.Equal((201, 201), (a.Code, b.Code));
        Assert.NotEqual(a.Body!["session"]!["id"]!.ToString(), b.Body!["session"]!["id"]!.ToString());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request()
    {
        var key = await fixture.CreateKeyAsync();
        Assert.Equal(201, (await Api.PostAsync("/v1/sessions/start", new { projectId = "p" }, key)).Code);
        await fixture.RevokeAsync(key);
        Assert.Equal(403, (await Api.PostAsync("/v1/sessions/start", new { projectId = "p" }, key)).Code);
    }

    [Fact]
    public async Task The_x_api_key_header_works_like_bearer()
    {
        var key = await fixture.CreateKeyAsync(Scopes.Write);
        var reply = await Api.PostAsync("/v1/sessions/start", new { projectId = "p" }, configure: r => r.Headers.Add("X-Api-Key", key));
        Assert.Equal(201, reply.Code);
    }

    [Fact]
    public async Task Admin_scope_implies_read_and_write()
    {
        var key = await fixture.CreateKeyAsync(Scopes.Admin);
        var started = await Api.PostAsync("/v1/sessions/start", new { projectId = "p" }, key);
        Assert.Equal(201, started.Code);
        Assert.Equal(200, (await Api.GetAsync($"/v1/sessions/{started.Body!["session"]!["id"]}", key)).Code);
    }

    [Fact]
    public async Task Only_the_hash_is_stored_and_last_use_is_recorded()
    {
        var key = await fixture.CreateKeyAsync();
        await Api.PostAsync("/v1/sessions/start", new { projectId = "p" }, key);
        await using var query = fixture.Store.QuerySession();
        var raw = await Marten.QueryableExtensions.ToListAsync(query.Query<ApiKey>());
        // Every stored row of every table (documents, events, audit): no trace of the secret part.
        Assert.Equal(0, await fixture.RowsContainingAsync(key[ApiKeySecrets.Prefix.Length..]));
        Assert.True(await fixture.RowsContainingAsync(ApiKeySecrets.Hash(key)) > 0, "the scan finds the stored hash, so it reaches the key's rows");
        var stored = Assert.Single(raw, k => k.KeyHash == Auth.ApiKeySecrets.Hash(key));
        Assert.NotNull(stored.LastUsedAtEpoch);
    }

    [Fact]
    public async Task Writes_and_key_changes_leave_an_audit_trail_with_the_request_id()
    {
        var key = await fixture.CreateKeyAsync(team: "audited");
        await fixture.RevokeAsync(await fixture.CreateKeyAsync(team: "audited"));
        var reply = await Api.PostAsync("/v1/sessions/start", new { projectId = "p" }, key, r => r.Headers.Add("X-Request-Id", "trace-42"));
        Assert.Equal(201, reply.Code);
        await using var query = fixture.Store.QuerySession();
        var entries = await Marten.QueryableExtensions.ToListAsync(query.Query<AuditEntry>().Where(a => a.TeamId == "audited"));
        Assert.Equal(2, entries.Count(e => e.Action == "api-key.create"));
        Assert.Single(entries, e => e.Action == "api-key.revoke");
        var start = Assert.Single(entries, e => e.Action == "session.start");
        Assert.Equal("trace-42", start.RequestId);
        Assert.StartsWith("key_", start.Actor);
    }

    [Fact]
    public async Task Request_ids_are_echoed_when_well_formed_and_minted_otherwise()
    {
        var echoed = await Api.GetAsync("/healthz", configure: r => r.Headers.Add("X-Request-Id", "abc-123"));
        Assert.Equal("abc-123", echoed.Response.Headers.GetValues("X-Request-Id").Single());
        var minted = await Api.GetAsync("/healthz", configure: r => r.Headers.Add("X-Request-Id", "bad id with spaces"));
        Assert.StartsWith("req_", minted.Response.Headers.GetValues("X-Request-Id").Single());
        var unauthorized = await Api.PostAsync("/v1/events", new { });
        Assert.StartsWith("req_", unauthorized.Response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Health_routes_need_no_key_and_local_dev_is_off_in_api_key_mode()
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/healthz")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/api/readiness")).Status);
        // Without a key: only ok or degraded; the components (hosts, pids, queue counts) need one.
        var health = await Api.GetAsync("/api/health");
        Assert.True(health.Body!.AsObject().Select(p => p.Key).SequenceEqual(["status"]), health.ToString());
        var detailed = await Api.GetAsync("/api/health", await fixture.CreateKeyAsync(Scopes.Read, team: "health"));
        Assert.Equal("ok", detailed.Body!["database"]!["status"]!.GetValue<string>());
        var head = await Api.SendAsync(HttpMethod.Head, "/healthz", null, null);
        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Head, "/api/readiness", null, null)).Status);
        Assert.Equal("nosniff", health.Response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("nosniff", head.Response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(health.Response.Headers.CacheControl?.NoStore == true, "an anonymous health answer may be cached");
        Assert.True(detailed.Response.Headers.CacheControl?.NoStore == true, "an authenticated answer must not be stored");
        var info = await Api.GetAsync("/v1/info");
        Assert.Equal("api-key", info.Body!["authMode"]!.GetValue<string>());
    }
}
