using System.Text.Json;
using System.Text.RegularExpressions;
using ClaudeMem.Generation.Prompts;

namespace ClaudeMem.Generation.Providers;

/// <summary>What one Claude Code tool call did, read from its hook payload.</summary>
internal sealed record ToolActivity(
    string ToolName,
    DateTimeOffset OccurredAt,
    ToolCategory Category,
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesModified,
    string? Command,
    string? Search,
    string? Error,
    string? Purpose,
    IReadOnlyList<string> Facts)
{
    public string Subject => FilesModified.FirstOrDefault() ?? FilesRead.FirstOrDefault() ?? Command ?? Search ?? ToolName;
}

internal enum ToolCategory
{
    Read,
    Modify,
    Command,
    Search,
    Web,
    Delegate,
    Other,
}

/// <summary>A session's events reduced to what the offline provider reasons about.</summary>
internal sealed record SessionActivity(
    IReadOnlyList<string> UserPrompts,
    string? LastAssistantMessage,
    IReadOnlyList<ToolActivity> Tools,
    DateTimeOffset? FirstAt,
    DateTimeOffset? LastAt)
{
    public static SessionActivity From(IReadOnlyList<PromptEvent> events)
    {
        var prompts = new List<string>();
        string? lastAssistant = null;
        var tools = new List<ToolActivity>();
        foreach (var e in events.OrderBy(e => e.OccurredAt))
        {
            var payload = e.Payload;
            if (payload.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (HookPayload.String(payload, HookPayload.ToolName) is { } toolName)
            {
                if (ToolReader.Read(toolName, e.OccurredAt, payload) is { } activity)
                {
                    tools.Add(activity);
                }
            }
            else if (HookPayload.String(payload, HookPayload.Prompt) is { } prompt && HookPayload.OneLine(prompt) is { Length: > 0 } line)
            {
                prompts.Add(line);
            }

            if (HookPayload.String(payload, HookPayload.LastAssistantMessage) is { } message && HookPayload.OneLine(message) is { Length: > 0 } text)
            {
                lastAssistant = text;
            }
        }

        return new SessionActivity(
            prompts, lastAssistant, tools,
            events.Count == 0 ? null : events.Min(e => e.OccurredAt),
            events.Count == 0 ? null : events.Max(e => e.OccurredAt));
    }
}

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
