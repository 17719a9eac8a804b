using System.Text.Json;
using System.Text.RegularExpressions;

namespace ClaudeMem.Generation.Providers;

/// <summary>Field names of Claude Code hook payloads.</summary>
internal static partial class HookPayload
{
    public const string ToolName = "tool_name";
    public const string ToolInput = "tool_input";
    public const string ToolResponse = "tool_response";
    public const string Prompt = "prompt";
    public const string LastAssistantMessage = "last_assistant_message";
    public const string Cwd = "cwd";

    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    public static int? Int(JsonElement obj, params string[] names)
    {
        foreach (var name in names)
        {
            if (Property(obj, name) is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var value))
            {
                return value;
            }
        }

        return null;
    }

    public static bool IsTrue(JsonElement obj, params string[] names) =>
        names.Any(name => Property(obj, name) is { ValueKind: JsonValueKind.True });

    public static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
