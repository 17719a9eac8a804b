using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClaudeMem.Events.Access;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClaudeMem.Http.Tests.Operator;

public partial class OpenApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Api Api => new(fixture.Host.Server.CreateClient());

    private async Task<JsonNode> DocumentAsync()
    {
        var reply = await Api.GetAsync("/openapi/v1.json");
        Assert.True(reply.Code == 200, reply.ToString());
        return reply.Body!;
    }

    /// <summary>Every route the app maps, as (METHOD, /path/{param}), except those deliberately kept out of the description.</summary>
    private IReadOnlyList<(string Method, string Path)> MappedRoutes() =>
        fixture.Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                (m, "/" + Constraint().Replace(e.RoutePattern.RawText!.TrimStart('/'), "{$1}"))))
            .Distinct().ToList();

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Constraint();

    [Fact]
    public async Task Every_mapped_route_is_in_the_document()
    {
        var document = await DocumentAsync();
        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
        var routes = MappedRoutes();
        Assert.True(routes.Count >= 25, $"only {routes.Count} routes found: the walk itself is broken");
        var missing = routes.Where(r => document["paths"]?[r.Path]?[r.Method.ToLowerInvariant()] is null).ToList();
        Assert.True(missing.Count == 0, "routes missing from /openapi/v1.json: " + string.Join(", ", missing.Select(m => $"{m.Method} {m.Path}")));
    }

    [Fact]
    public async Task Every_protected_route_documents_its_scope_and_answers_the_documented_401_without_a_key()
    {
        var document = await DocumentAsync();
        var checkedRoutes = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["security"] is null) continue;
                var where = $"{method.ToUpperInvariant()} {path}";
                Assert.StartsWith("memories:", operation["x-scope"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
                Assert.NotNull(operation["responses"]?["403"]);
                var real = await Api.SendAsync(new HttpMethod(method.ToUpperInvariant()), Regex.Replace(path, @"\{[^}]+\}", "x"),
                    method is "post" or "put" or "patch" ? "{}" : null, key: null);
                Assert.True(real.Code == 401, $"{where} without a key: {real}");
                AssertMatches(document, operation["responses"]!["401"], real, where);
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 20, $"only {checkedRoutes} protected operations");
    }

    [Fact]
    public async Task Documented_answers_match_real_ones_for_successes_and_errors()
    {
        var document = await DocumentAsync();
        var admin = await fixture.CreateKeyAsync(Scopes.Admin, team: "openapi");
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "openapi");
        var calls = new (string Method, string Path, string Template, object? Body, string? Key)[]
        {
            ("POST", "/v1/keys", "/v1/keys", new { name = "n", projectId = "p" }, admin),
            ("GET", "/v1/keys", "/v1/keys", null, admin),
            ("GET", "/v1/connect", "/v1/connect", null, reader),
            ("POST", "/v1/keys", "/v1/keys", new { name = "n" }, reader),
            ("POST", "/v1/keys", "/v1/keys", new { expiresInDays = 0 }, admin),
            ("DELETE", "/v1/keys/key_none", "/v1/keys/{id}", null, admin),
            ("GET", "/v1/jobs?limit=0", "/v1/jobs", null, reader),
            ("POST", "/v1/sessions/start", "/v1/sessions/start", new { projectId = "p" }, admin),
            ("GET", "/v1/jobs/none", "/v1/jobs/{id}", null, reader),
        };
        foreach (var call in calls)
        {
            var where = $"{call.Method} {call.Path}";
            var real = await Api.SendAsync(new HttpMethod(call.Method), call.Path,
                call.Body is null ? null : System.Text.Json.JsonSerializer.Serialize(call.Body), call.Key);
            var documented = document["paths"]![call.Template]![call.Method.ToLowerInvariant()]!["responses"]![real.Code.ToString()];
            Assert.True(documented is not null, $"{where} answered {real.Code}, which is not documented");
            AssertMatches(document, documented, real, where);
        }
    }

    [Fact]
    public async Task The_reference_page_is_served_at_docs()
    {
        var client = fixture.Host.Server.CreateClient();
        var redirect = await client.GetAsync("/docs");
        Assert.EndsWith("docs/", redirect.Headers.Location?.OriginalString);
        var response = await client.GetAsync("/docs/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Contains("openapi/v1.json", html);
    }

    /// <summary>The real body has the documented shape: an object with every required property, of the documented JSON type.</summary>
    private static void AssertMatches(JsonNode document, JsonNode? response, Api.Reply real, string where)
    {
        var schema = Resolve(document, response?["content"]?["application/json"]?["schema"]);
        Assert.True(schema is not null, $"{where}: {real.Code} is documented without a JSON schema");
        if (Type(schema) != "object") return;
        Assert.True(real.Body is JsonObject, $"{where}: the body is not an object: {real}");
        foreach (var required in schema!["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            Assert.True(real.Body![required] is not null, $"{where}: documented property '{required}' is missing from {real}");
            var expected = Type(Resolve(document, schema["properties"]?[required]));
            var actual = real.Body[required]!.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.String => "string",
                System.Text.Json.JsonValueKind.Number => expected == "integer" ? "integer" : "number",
                System.Text.Json.JsonValueKind.Array => "array",
                System.Text.Json.JsonValueKind.Object => "object",
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                _ => "null",
            };
            if (expected is not null) Assert.True(expected == actual, $"{where}: '{required}' is documented as {expected}, answered {actual}");
        }
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        while (schema?["$ref"]?.GetValue<string>() is { } reference)
            schema = document["components"]!["schemas"]![reference.Split('/').Last()];
        return schema;
    }

    /// <summary>"object", "string", ...; 3.1 writes nullable types as ["string", "null"].</summary>
    private static string? Type(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };
}
