using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClaudeMem.Http.Docs;

/// <summary>
/// Says which properties an answer always carries. The server writes no null property (WhenWritingNull,
/// ServerApp), so a property that may be null may be absent and one that cannot is always there; the
/// generator instead lists every constructor parameter as required, nullable or not.
/// </summary>
public static class SchemaConventions
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
        var nullable = context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable).Select(p => p.Name).ToHashSet();
        var always = context.JsonTypeInfo.Properties.Where(p => !p.IsGetNullable && p.Get is not null).Select(p => p.Name);
        var required = (schema.Required ?? new HashSet<string>()).Union(always).Where(p => properties.ContainsKey(p) && !nullable.Contains(p)).ToHashSet();
        schema.Required = required.Count > 0 ? required : null;
        return Task.CompletedTask;
    }
}
