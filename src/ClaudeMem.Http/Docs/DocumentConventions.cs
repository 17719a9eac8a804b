using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClaudeMem.Http.Docs;

/// <summary>What every operation shares: the two ways to present a key and the error body.</summary>
public static class DocumentConventions
{
    public const string BearerScheme = "bearer";
    public const string HeaderScheme = "apiKeyHeader";
    public const string ErrorSchema = "Error";

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ClaudeMem Server",
            Version = "v1",
            Description = "Memory server for AI coding agents. Send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. "
                + "Every error is {error, message} (plus field for bad input). Scopes: memories:read, memories:write, "
                + "memories:admin (also reads and writes), '*'.",
        };
        // One tag per resource, as OperationConventions names them (Wolverine lists endpoint class names).
        document.Tags = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).Distinct()
            .Select(name => new OpenApiTag { Name = name }).ToHashSet();
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API key (cmem_...) as a bearer token",
        };
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.ApiKeyHeader,
            Description = "The same API key in a header",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        // Endpoints answering IResult are described per operation (OperationConventions), not by this empty type.
        document.Components.Schemas.Remove("IResult");
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Every error answer",
            Required = new HashSet<string> { "error", "message" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "a stable code: validation_failed, not_found, forbidden, rate_limited, quota_exceeded, ..." },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "what went wrong, for a person" },
                ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "the offending input field, for bad input" },
            },
            Examples = [new JsonObject { ["error"] = ApiErrors.ValidationFailed, ["message"] = "projectId is required", ["field"] = "projectId" }],
        };
        return Task.CompletedTask;
    }
}
