namespace ClaudeMem.Mcp;

/// <summary>What the server tells the model about using its tools (the workflow lives here, not in a fake tool).</summary>
public static class McpInstructions
{
    public const string ServerName = "claude-mem";

    public const string Text = """
        claude-mem holds memory of earlier coding sessions: observations the agent's work produced, session summaries, manual memories and user prompts.
        Work in three steps to keep context small:
        1. search (or recent) for a compact index: ids, times, types and titles only.
        2. timeline around an interesting id to see what happened before and after it.
        3. get_observations with the few ids that matter, for the full records.
        context gives the block shown at session start (or, with a query, matching observations as text).
        add_memory records something worth remembering (needs a key with memories:write).
        Projects default to the current git repository (and its worktree names) over stdio; over HTTP name them.
        """;
}
