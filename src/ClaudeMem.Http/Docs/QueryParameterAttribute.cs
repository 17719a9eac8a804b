using Microsoft.OpenApi;

namespace ClaudeMem.Http.Docs;

/// <summary>
/// A query-string parameter a route reads itself (from HttpContext, to name bad values in its own words) rather than
/// binding, so the OpenAPI generator cannot see it. OperationConventions documents it, and the route's 400.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public class QueryParameterAttribute(string name, Type type, string description) : Attribute
{
    public string Name { get; } = name;
    public Type Type { get; } = type;
    public string Description { get; } = description;

    public OpenApiParameter ToParameter() => new()
    {
        Name = Name,
        In = ParameterLocation.Query,
        Description = Description,
        Schema = Type == typeof(int) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
            : Type == typeof(long) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
            : Type == typeof(Guid) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }
            : new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
