using System.Text.Json;

namespace ClaudeMem.Http.Tests.Operator;

/// <summary>
/// Checks a real JSON body against the schema /openapi/v1.json documents for it: the JSON type at every level,
/// every required property present, no property the schema does not declare, enum values, array items and oneOf/anyOf choices
/// (one must fit), recursively through $refs.
/// </summary>
public static class DocumentedSchema
{
    public static List<string> Problems(JsonNode document, JsonNode? schema, JsonNode? value, string at = "$")
    {
        var problems = new List<string>();
        Check(document, schema, value, at, problems);
        return problems;
    }

    private static void Check(JsonNode document, JsonNode? reference, JsonNode? value, string at, List<string> problems)
    {
        var schema = Resolve(document, reference);
        if (schema is null) return;
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
        {
            var tries = choices.Select(c => Problems(document, c, value, at)).ToList();
            if (tries.All(t => t.Count > 0)) problems.Add($"{at}: fits none of its {tries.Count} documented choices: " + string.Join(" | ", tries.Select(t => t[0])));
            return;
        }
        var types = Types(schema);
        var actual = KindOf(value);
        if (types.Count > 0 && !types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
        {
            problems.Add($"{at}: documented as {string.Join(" or ", types)}, answered {actual}");
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            problems.Add($"{at}: {value?.ToJsonString()} is not one of the documented values {allowed.ToJsonString()}");
        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
                if (!obj.ContainsKey(required)) problems.Add($"{at}: documented property '{required}' is missing");
            foreach (var (name, child) in obj)
            {
                if (properties?[name] is { } declared) Check(document, declared, child, $"{at}.{name}", problems);
                else if (schema["additionalProperties"] is JsonObject extra) Check(document, extra, child, $"{at}.{name}", problems);
                else if (properties is not null) problems.Add($"{at}: property '{name}' is not documented");
            }
        }
        if (value is JsonArray array && schema["items"] is { } items)
            for (var i = 0; i < array.Count; i++) Check(document, items, array[i], $"{at}[{i}]", problems);
    }

    public static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        while (schema?["$ref"]?.GetValue<string>() is { } reference)
            schema = document["components"]!["schemas"]![reference.Split('/').Last()];
        return schema;
    }

    /// <summary>"object", "string", ...; 3.1 writes nullable types as ["string", "null"].</summary>
    public static List<string> Types(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => [value.GetValue<string>()],
        JsonArray types => types.Select(t => t!.GetValue<string>()).ToList(),
        _ => [],
    };

    private static string KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.AsValue().TryGetValue<long>(out _) ? "integer" : "number",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "boolean",
    };
}
