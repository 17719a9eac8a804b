namespace ClaudeMem.Client.Hooks;

/// <summary>The Claude Code hook events the client handles, as Claude Code names them, and their time budgets.</summary>
public static class HookEvents
{
    public const string SessionStart = "SessionStart";
    public const string UserPromptSubmit = "UserPromptSubmit";
    public const string PostToolUse = "PostToolUse";
    public const string Stop = "Stop";
    public const string SessionEnd = "SessionEnd";

    public static readonly IReadOnlyList<string> All = [SessionStart, UserPromptSubmit, PostToolUse, Stop, SessionEnd];

    /// <summary>SessionStart waits for the context block; Claude Code shows it to the agent.</summary>
    public static readonly TimeSpan SessionStartBudget = TimeSpan.FromSeconds(3);
    /// <summary>Every other hook only records: it must never hold the agent up.</summary>
    public static readonly TimeSpan RecordingBudget = TimeSpan.FromMilliseconds(1500);

    public static TimeSpan BudgetOf(string hookEvent) => hookEvent == SessionStart ? SessionStartBudget : RecordingBudget;

    /// <summary>Our own MCP tools: recording the agent's memory look-ups would feed memory with itself.</summary>
    public const string OwnMcpToolPrefix = "mcp__claude-mem__";

    public const string PlatformSource = "claude-code";
    public const string AgentType = "claude-code";
    public const string SourceType = "hook";
}
