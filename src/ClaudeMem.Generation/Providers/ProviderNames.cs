namespace ClaudeMem.Generation.Providers;

/// <summary>Values of CLAUDE_MEM_SERVER_PROVIDER.</summary>
public static class ProviderNames
{
    public const string Claude = "claude";
    public const string Gemini = "gemini";
    public const string OpenRouter = "openrouter";
    public const string Offline = "offline";

    public static readonly IReadOnlyList<string> All = [Claude, Gemini, OpenRouter, Offline];
}
