using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Queue;

/// <summary>JSON text as JavaScript's <c>JSON.stringify</c> writes it, so Node and we store the same bytes.</summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        // JSON.stringify leaves non-ASCII characters and HTML-sensitive ones as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>null becomes <c>null</c>, never an empty string: Node's QueueEvents parses every return value.</summary>
    public static string Stringify(JsonNode? node) => node?.ToJsonString(Options) ?? "null";
}
