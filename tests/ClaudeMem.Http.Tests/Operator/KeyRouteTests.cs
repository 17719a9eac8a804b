using ClaudeMem.Events.Access;
using ClaudeMem.Http.Keys;
using Marten;

namespace ClaudeMem.Http.Tests.Operator;

public class KeyRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Api Api => new(fixture.Host.Server.CreateClient());

    private Task<Api.Reply> MintAsync(string key, object body) => Api.PostAsync("/v1/keys", body, key);

    private Task<Api.Reply> RevokeAsync(string key, string id) => Api.SendAsync(HttpMethod.Delete, $"/v1/keys/{id}", null, key);

    private static string[] Ids(Api.Reply list) => list.Body!["apiKeys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task An_admin_mints_lists_and_revokes_its_teams_keys_and_every_change_is_audited()
    {
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-admin");
        var minted = await MintAsync(admin, new { name = "ci", scopes = new[] { Scopes.Write, Scopes.Read }, projectId = "alpha" });
        Assert.True(minted.Code == 201, minted.ToString());
        var raw = minted.Body!["key"]!.GetValue<string>();
        var id = minted.Body!["apiKey"]!["id"]!.GetValue<string>();
        Assert.Equal(("keys-admin", "alpha", "active"), (minted.Body["apiKey"]!["teamId"]!.GetValue<string>(),
            minted.Body["apiKey"]!["projectId"]!.GetValue<string>(), minted.Body["apiKey"]!["status"]!.GetValue<string>()));
        Assert.Null(minted.Body["apiKey"]!["keyHash"]);

        // The minted key works at once, and only within what it was given.
        Assert.Equal(201, (await Api.PostAsync("/v1/events", Api.Event("alpha"), raw)).Code);
        Assert.Equal(403, (await Api.PostAsync("/v1/events", Api.Event("beta"), raw)).Code);

        var list = await Api.GetAsync("/v1/keys", admin);
        Assert.Contains(id, Ids(list));
        Assert.DoesNotContain(list.Body!["apiKeys"]!.AsArray(), k => k!["teamId"]!.GetValue<string>() != "keys-admin");

        var revoked = await RevokeAsync(admin, id);
        Assert.True(revoked is { Code: 200 }, revoked.ToString());
        Assert.Equal("revoked", revoked.Body!["apiKey"]!["status"]!.GetValue<string>());
        Assert.Equal(403, (await Api.PostAsync("/v1/events", Api.Event("alpha"), raw)).Code);
        Assert.Equal(200, (await RevokeAsync(admin, id)).Code);

        await using var query = fixture.Store.QuerySession();
        var audit = await query.Query<AuditEntry>().Where(a => a.Target == id).OrderBy(a => a.AtEpoch).ToListAsync();
        Assert.Equal(["api-key.create", "api-key.revoke"], audit.Select(a => a.Action));
        var adminId = (await query.Query<ApiKey>().SingleAsync(k => k.KeyHash == Auth.ApiKeySecrets.Hash(admin))).Id;
        Assert.All(audit, a => Assert.Equal(adminId, a.Actor));
        Assert.All(audit, a => Assert.StartsWith("req_", a.RequestId));
    }

    [Fact]
    public async Task A_write_key_mints_only_a_read_only_key_for_its_own_project()
    {
        var writer = await fixture.CreateKeyAsync($"{Scopes.Read},{Scopes.Write}", team: "keys-writer", project: "p1");
        var minted = await MintAsync(writer, new { });
        Assert.True(minted.Code == 201, minted.ToString());
        var apiKey = minted.Body!["apiKey"]!;
        Assert.Equal([Scopes.Read], apiKey["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("p1", apiKey["projectId"]!.GetValue<string>());
        var raw = minted.Body["key"]!.GetValue<string>();
        Assert.Contains($"Bearer {raw}", minted.Body["connect"]!["commands"]!["mcp"]!.GetValue<string>());
        Assert.Equal(403, (await Api.PostAsync("/v1/events", Api.Event("p1"), raw)).Code);

        Assert.True(await MintAsync(writer, new { scopes = new[] { Scopes.Write } }) is { Code: 403, Error: "forbidden" });
        Assert.True(await MintAsync(writer, new { scopes = new[] { Scopes.Read, Scopes.Write } }) is { Code: 403 });
        Assert.True(await MintAsync(writer, new { projectId = "p2" }) is { Code: 403 });
        Assert.True(await MintAsync(writer, new { scopes = new[] { "memories:everything" } }) is { Code: 400, Error: "validation_failed" });

        // An unbound write key must say which project the read-only key is for.
        var unbound = await fixture.CreateKeyAsync(Scopes.Write, team: "keys-writer");
        var noProject = await MintAsync(unbound, new { });
        Assert.True(noProject is { Code: 400 } && noProject.Body!["field"]!.GetValue<string>() == "projectId", noProject.ToString());
        Assert.Equal(201, (await MintAsync(unbound, new { projectId = "p3" })).Code);

        // A write key manages only the keys it minted.
        var adminKey = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-writer");
        var adminsKeyId = (await MintAsync(adminKey, new { name = "theirs" })).Body!["apiKey"]!["id"]!.GetValue<string>();
        Assert.Equal([apiKey["id"]!.GetValue<string>()], Ids(await Api.GetAsync("/v1/keys", writer)));
        Assert.Equal(404, (await RevokeAsync(writer, adminsKeyId)).Code);
        Assert.Equal(200, (await RevokeAsync(writer, apiKey["id"]!.GetValue<string>())).Code);
    }

    [Fact]
    public async Task Nobody_mints_a_key_wider_than_its_own()
    {
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "keys-wide");
        Assert.Equal(403, (await MintAsync(reader, new { projectId = "x" })).Code);
        Assert.Equal(403, (await Api.GetAsync("/v1/keys", reader)).Code);

        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-wide");
        Assert.True(await MintAsync(admin, new { scopes = new[] { Scopes.All } }) is { Code: 403, Error: "forbidden" });
        var root = await fixture.CreateKeyAsync(Scopes.All, team: "keys-wide");
        Assert.Equal(201, (await MintAsync(root, new { scopes = new[] { Scopes.All } })).Code);

        var projectAdmin = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-wide", project: "only");
        Assert.Equal(403, (await MintAsync(projectAdmin, new { projectId = "other" })).Code);
        Assert.Equal("only", (await MintAsync(projectAdmin, new { scopes = new[] { Scopes.Admin } })).Body!["apiKey"]!["projectId"]!.GetValue<string>());

        var shortLived = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-wide", expiresAtEpoch: Api.Now + (long)TimeSpan.FromDays(2).TotalMilliseconds);
        Assert.Equal(403, (await MintAsync(shortLived, new { expiresInDays = 30 })).Code);
        var inherited = await MintAsync(shortLived, new { });
        Assert.True(inherited.Body!["apiKey"]!["expiresAtEpoch"]!.GetValue<long>() <= Api.Now + (long)TimeSpan.FromDays(2).TotalMilliseconds);
        Assert.Equal(201, (await MintAsync(shortLived, new { expiresInDays = 1 })).Code);
        Assert.True(await MintAsync(shortLived, new { expiresInDays = 0 }) is { Code: 400, Error: "validation_failed" });
    }

    [Fact]
    public async Task Another_teams_key_looks_missing()
    {
        var mine = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-t1");
        var theirs = await fixture.CreateKeyAsync(Scopes.Admin, team: "keys-t2");
        var theirKeyId = (await MintAsync(theirs, new { name = "x" })).Body!["apiKey"]!["id"]!.GetValue<string>();
        Assert.True(await RevokeAsync(mine, theirKeyId) is { Code: 404, Error: "not_found" });
        Assert.DoesNotContain(theirKeyId, Ids(await Api.GetAsync("/v1/keys", mine)));
        Assert.Equal(404, (await RevokeAsync(mine, "key_nope")).Code);
    }

    [Fact]
    public async Task Connect_answers_the_request_host_and_the_commands()
    {
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "keys-connect");
        var connect = await Api.GetAsync("/v1/connect", reader, r => r.Headers.Host = "memory.example.test:8443");
        Assert.True(connect.Code == 200, connect.ToString());
        Assert.Equal("http://memory.example.test:8443", connect.Body!["serverUrl"]!.GetValue<string>());
        Assert.Equal("http://memory.example.test:8443/v1/mcp", connect.Body["mcpUrl"]!.GetValue<string>());
        Assert.Contains(ConnectInfo.KeyPlaceholder, connect.Body["commands"]!["mcp"]!.GetValue<string>());
        Assert.Contains("claude-mem install", connect.Body["commands"]!["install"]!.GetValue<string>());
        Assert.Equal(401, (await Api.GetAsync("/v1/connect")).Code);
    }
}

public class PublicUrlTests
{
    [Fact]
    public async Task Connect_prefers_the_configured_public_url()
    {
        await using var fixture = new ServerFixture { Customize = s => s with { PublicUrl = new Uri("https://mem.example.org/") } };
        await fixture.InitializeAsync();
        var key = await fixture.CreateKeyAsync(Scopes.Read);
        var connect = await new Api(fixture.Host.Server.CreateClient()).GetAsync("/v1/connect", key);
        Assert.Equal("https://mem.example.org/v1/mcp", connect.Body!["mcpUrl"]!.GetValue<string>());
    }
}
