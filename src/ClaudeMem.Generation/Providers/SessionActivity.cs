using System.Text.Json;
using System.Text.RegularExpressions;
using ClaudeMem.Generation.Prompts;

namespace ClaudeMem.Generation.Providers;

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
