using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClaudeMem.Http.Docs;

/// <summary>
/// Documents every operation from what the route already declares, so a new endpoint is described
/// without anyone writing its OpenAPI by hand: the scope from its [Authorize] policy, the error
/// answers the pipeline gives (401/403 for keys, 429/402 for limits, 400 for input, 404 for ids,
/// 413 for bodies), and a JSON 2xx when the endpoint declares none.
/// </summary>
public static class OperationConventions
{
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        operation.Responses ??= new OpenApiResponses();

        await DescribeSuccessAsync(operation, context, ct);
        // Wolverine names operations by route ("POST_v1_keys"); the tag is the route's resource ("keys").
        if (operation.Description == operation.OperationId) operation.Description = null;
        operation.Summary = $"{description.HttpMethod} /{description.RelativePath}";
        var resource = description.RelativePath?.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
        {
            ["v1" or "api", var name, ..] => name,
            [var name, ..] => name,
            _ => "server",
        };
        operation.Tags = new HashSet<OpenApiTagReference> { new(resource, document) };
        // Wolverine declares a bodiless 404 on every route; only routes naming a resource can answer one.
        if (description.RelativePath?.Contains('{') != true && operation.Responses.TryGetValue("404", out var notFound) && notFound.Content is not { Count: > 0 })
            operation.Responses.Remove("404");

        var policy = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        if (policy is not null)
        {
            operation.Security = [new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(DocumentConventions.BearerScheme, document)] = [],
                [new OpenApiSecuritySchemeReference(DocumentConventions.HeaderScheme, document)] = [],
            }];
            operation.Description = $"{operation.Description}{(operation.Description is { Length: > 0 } ? "\n\n" : "")}Scope: `{policy}`.";
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-scope"] = new JsonNodeExtension(JsonValue.Create(policy));
            Add(operation, document, "401", "No API key", ApiErrors.Unauthorized, "an API key is required: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
            Add(operation, document, "403", "Unknown, revoked, expired or under-scoped key", ApiErrors.Forbidden, "this API key lacks the scope this route needs");
            Add(operation, document, "429", "Over the key's requests per minute (Retry-After, X-RateLimit-* headers)", Usage.UsageErrors.RateLimited, "rate limit of 60 requests per minute exceeded; retry in 12 s");
            Add(operation, document, "402", "The team's monthly request or token cap is reached", Usage.UsageErrors.QuotaExceeded, "monthly request cap of 100000 reached for team 'default'");
        }

        var read = metadata.OfType<QueryParameterAttribute>()
            .Concat(metadata.OfType<SearchFiltersInQueryAttribute>().SelectMany(_ => Search.SearchRequest.QueryStringParameters)).ToList();
        if (read.Count > 0)
        {
            operation.Parameters ??= [];
            foreach (var parameter in read.Where(p => operation.Parameters.All(existing => existing.Name != p.Name)))
                operation.Parameters.Add(parameter.ToParameter());
        }
        var hasInput = description.ParameterDescriptions.Count > 0 || read.Count > 0;
        if (hasInput) Add(operation, document, "400", "Bad input", ApiErrors.ValidationFailed, "limit must be 1..200", "limit");
        if (description.RelativePath?.Contains('{') == true) Add(operation, document, "404", "No such resource visible to this key", ApiErrors.NotFound, "job not found");
        // A route declaring [ProducesResponseType(409)] answers it, with the error body, when the record changed meanwhile or its state forbids the change.
        if (operation.Responses.ContainsKey("409"))
            Add(operation, document, "409", "The record changed meanwhile, or its state forbids this", ApiErrors.Conflict, "only failed or cancelled jobs can be retried; this one is completed");
        if (description.HttpMethod is "POST" or "PUT" or "PATCH")
        {
            Add(operation, document, "400", "Bad input", ApiErrors.ValidationFailed, "projectId is required", "projectId");
            Add(operation, document, "413", "Body too large", ApiErrors.PayloadTooLarge, "request body is too large");
            Add(operation, document, "415", "A body without a JSON Content-Type", JsonBodies.UnsupportedMediaType,
                "send the body as application/json (got 'text/plain')", "Content-Type");
        }
    }

    /// <summary>
    /// Each route declares its answer types ([ProducesResponseType], or [AnswersOneOf] for a status with several
    /// bodies), and those schemas stay. The placeholder a bare IResult produces is dropped, so a route that declares
    /// nothing has no 2xx at all: OpenApiTests names it rather than the document passing off "an object" as its answer.
    /// </summary>
    private static async Task DescribeSuccessAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var responses = operation.Responses!;
        foreach (var status in responses.Where(r => r.Key.StartsWith('2') && IsOpaque(r.Value)).Select(r => r.Key).ToList())
            responses.Remove(status);
        foreach (var oneOf in context.Description.ActionDescriptor.EndpointMetadata.OfType<AnswersOneOfAttribute>())
        {
            var choices = new List<IOpenApiSchema>();
            foreach (var type in oneOf.Types)
            {
                var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
                context.Document!.AddComponent(type.Name, schema);
                choices.Add(new OpenApiSchemaReference(type.Name, context.Document));
            }
            responses[oneOf.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = oneOf.StatusCode == StatusCodes.Status201Created ? "Created" : "OK",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { OneOf = choices } } },
            };
        }
    }

    private static bool IsOpaque(IOpenApiResponse response) =>
        response.Content is not { Count: > 0 }
        || response.Content.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" });

    private static void Add(OpenApiOperation operation, OpenApiDocument? document, string status, string description, string error,
        string message, string? field = null)
    {
        // Wolverine declares some statuses (a 404 for routes with ids) without a body; those get the error body.
        if (operation.Responses!.TryGetValue(status, out var existing) && existing.Content is { Count: > 0 }) return;
        var example = new JsonObject { ["error"] = error, ["message"] = message };
        if (field is not null) example["field"] = field;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(DocumentConventions.ErrorSchema, document), Example = example },
            },
        };
    }
}
