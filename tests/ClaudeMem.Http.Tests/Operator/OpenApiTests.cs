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

    /// <summary>
    /// Every operation documents at least one 2xx, each with a concrete schema: not missing, not empty, not an object
    /// without properties (what an endpoint answering a bare IResult used to get). OpenApiAnswerTests checks them against real answers.
    /// </summary>
    [Fact]
    public async Task Every_operation_documents_a_concrete_success_schema()
    {
        var document = await DocumentAsync();
        var vague = new List<string>();
        var successes = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var answers = operation!["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToList();
                if (answers.Count == 0) vague.Add($"{method.ToUpperInvariant()} {path}: no success answer documented");
                foreach (var (status, response) in answers)
                {
                    successes++;
                    var why = Vagueness(document, response?["content"]?["application/json"]?["schema"]);
                    if (why is not null) vague.Add($"{method.ToUpperInvariant()} {path} {status}: {why}");
                }
            }
        }
        Assert.True(successes >= 40, $"only {successes} success answers: the walk itself is broken");
        Assert.True(vague.Count == 0, $"{vague.Count} success answers without a concrete schema:\n" + string.Join("\n", vague));
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

    /// <summary>
    /// Query parameters some routes read themselves are declared by hand ([QueryParameter]); each documented integer one
    /// must be a name the route really reads: a non-number there is a 400 naming it, as documented.
    /// </summary>
    [Fact]
    public async Task Documented_integer_query_parameters_are_read_by_their_routes()
    {
        var document = await DocumentAsync();
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "openapi-query");
        var checkedParameters = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is not { } operation || path.Contains('{')) continue;
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                if (parameter!["in"]!.GetValue<string>() != "query" || Type(parameter["schema"]) != "integer") continue;
                var name = parameter["name"]!.GetValue<string>();
                var real = await Api.GetAsync($"{path}?{name}=many", reader);
                Assert.True(real.Code == 400 && real.Body?["field"]?.GetValue<string>() == name, $"GET {path}?{name}=many: {real}");
                AssertMatches(document, operation["responses"]!["400"], real, $"GET {path}?{name}=many");
                checkedParameters++;
            }
        }
        Assert.True(checkedParameters >= 10, $"only {checkedParameters} integer query parameters documented");
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

    /// <summary>The real body has the documented shape (DocumentedSchema: types, required and undocumented properties, recursively).</summary>
    private static void AssertMatches(JsonNode document, JsonNode? response, Api.Reply real, string where)
    {
        var schema = response?["content"]?["application/json"]?["schema"];
        Assert.True(schema is not null, $"{where}: {real.Code} is documented without a JSON schema");
        var problems = DocumentedSchema.Problems(document, schema, real.Body);
        Assert.True(problems.Count == 0, $"{where}: {real} differs from the document: " + string.Join("; ", problems));
    }

    /// <summary>Why a documented schema says nothing about the body (missing, empty, or an object without properties), or null when it is concrete.</summary>
    private static string? Vagueness(JsonNode document, JsonNode? reference)
    {
        var schema = Resolve(document, reference);
        if (schema is null) return "no JSON schema";
        if ((schema["oneOf"] ?? schema["anyOf"]) is { } choices)
            return choices.AsArray().Select(c => Vagueness(document, c)).FirstOrDefault(w => w is not null);
        return Type(schema) switch
        {
            null => "a schema without a type",
            "object" when schema["properties"] is not JsonObject { Count: > 0 } => "a bare object",
            "array" => Vagueness(document, schema["items"]) is { } item ? $"array items: {item}" : null,
            _ => null,
        };
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema) => DocumentedSchema.Resolve(document, schema);

    private static string? Type(JsonNode? schema) => DocumentedSchema.Types(schema).FirstOrDefault(t => t != "null");
}
