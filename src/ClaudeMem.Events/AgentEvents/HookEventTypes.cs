
namespace ClaudeMem.Events.AgentEvents;

/// <summary>Event types as Claude Code's hooks name them.</summary>
public static class HookEventTypes
{
    public const string UserPromptSubmit = "UserPromptSubmit";
    public const string PostToolUse = "PostToolUse";
    public const string Stop = "Stop";
}
