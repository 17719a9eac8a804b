namespace ClaudeMem.Client;

/// <summary>The environment variables the client reads (each overrides the installed config file).</summary>
public static class ClientEnvironment
{
    public const string ServerUrl = "CLAUDE_MEM_SERVER_URL";
    public const string ApiKey = "CLAUDE_MEM_API_KEY";
    /// <summary>Overrides the project name derived from git.</summary>
    public const string Project = "CLAUDE_MEM_PROJECT";
    /// <summary>Comma-separated tool names the hook does not record (replaces the default list).</summary>
    public const string SkipTools = "CLAUDE_MEM_SKIP_TOOLS";
    /// <summary>Comma-separated globs over the project name or the working directory; matching sessions are not recorded.</summary>
    public const string ExcludedProjects = "CLAUDE_MEM_EXCLUDED_PROJECTS";
    public const string SpoolMaxBytes = "CLAUDE_MEM_SPOOL_MAX_BYTES";
    /// <summary>Replaces the hook's time budget (milliseconds), e.g. for a slow remote server; the defaults are 1500 and 3000 for SessionStart.</summary>
    public const string HookBudgetMs = "CLAUDE_MEM_HOOK_BUDGET_MS";
}
