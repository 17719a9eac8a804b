using System.Text.Json;

namespace ClaudeMem.Client.Hooks;

/// <summary>
/// The JSON Claude Code writes on a hook's stdin. Common to all events: session_id,
/// transcript_path, cwd, hook_event_name; then per event: source (SessionStart), prompt
/// (UserPromptSubmit), tool_name, tool_input, tool_response, tool_use_id (PostToolUse),
/// stop_hook_active and, in newer versions, last_assistant_message (Stop), reason (SessionEnd).
/// </summary>
public sealed class HookInput(JsonElement root)
{
    public JsonElement Root => root;

    public string? SessionId => String("session_id");
    public string? TranscriptPath => String("transcript_path");
    public string? Cwd => String("cwd");
    public string? HookEventName => String("hook_event_name");
    public string? Source => String("source");
    public string? Prompt => String("prompt");
    public string? ToolName => String("tool_name");
    public string? ToolUseId => String("tool_use_id");
    public string? LastAssistantMessage => String("last_assistant_message");
    public string? Reason => String("reason");
    public JsonElement? ToolInput => Element("tool_input");
    public JsonElement? ToolResponse => Element("tool_response");

    public static HookInput Parse(string json)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        return new HookInput(document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : default);
    }

    private string? String(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private JsonElement? Element(string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) ? v : null;
}
