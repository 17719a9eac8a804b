using Scalar.AspNetCore;

namespace ClaudeMem.Http.Docs;

/// <summary>The OpenAPI 3.1 document at /openapi/v1.json and its browsable reference (Scalar) at /docs; both public: they describe the API, not its data.</summary>
public static class ApiReference
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPath = "/docs";

    public static void AddServices(IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer(DocumentConventions.TransformAsync);
            options.AddOperationTransformer(OperationConventions.TransformAsync);
            options.AddSchemaTransformer(SchemaConventions.TransformAsync);
        });

    public static void Map(WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("ClaudeMem Server API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }
}
