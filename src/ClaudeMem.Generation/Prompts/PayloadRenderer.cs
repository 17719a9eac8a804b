using ClaudeMem.Client.Privacy;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Prompts;

/// <summary>Sanitizes payloads (private parts out, long strings cut) and renders them as JSON within a budget.</summary>
public static class PayloadRenderer
{
    public const string TruncationMarker = "…[truncated]";

    private static readonly JsonSerializerOptions RenderOptions = new()
    {
        // Readable for the model: no \u003C escapes. Safe because private tags were already removed.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The payload with private parts removed from every string and strings cut to <paramref name="maxStringLength"/>.</summary>
    public static JsonElement Sanitize(JsonElement payload, int maxStringLength)
    {
        var node = SanitizeNode(payload, maxStringLength);
        return JsonSerializer.SerializeToElement(node, RenderOptions);
    }

    /// <summary>Compact JSON of an already sanitized payload, never longer than <paramref name="budget"/> characters.</summary>
    public static string Render(JsonElement sanitizedPayload, int budget)
    {
        var json = JsonSerializer.Serialize(sanitizedPayload, RenderOptions);
        return Truncate(json, budget);
    }

    public static string Truncate(string text, int budget)
    {
        if (text.Length <= budget)
        {
            return text;
        }

        var keep = Math.Max(0, budget - TruncationMarker.Length);
        return string.Concat(text.AsSpan(0, keep), TruncationMarker);
    }

    private static JsonNode? SanitizeNode(JsonElement element, int maxStringLength)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = SanitizeNode(property.Value, maxStringLength);
                }
                return obj;
            case JsonValueKind.Array:
                return new JsonArray(element.EnumerateArray().Select(item => SanitizeNode(item, maxStringLength)).ToArray());
            case JsonValueKind.String:
                return JsonValue.Create(Truncate(PrivateContent.Strip(element.GetString()!), maxStringLength));
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }
}
