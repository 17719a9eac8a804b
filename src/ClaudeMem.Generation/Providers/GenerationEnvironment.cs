namespace ClaudeMem.Generation.Providers;

/// <summary>Every environment variable the generation pipeline reads.</summary>
public static class GenerationEnvironment
{
    public const string Provider = "CLAUDE_MEM_SERVER_PROVIDER";

    public const string AnthropicApiKey = "ANTHROPIC_API_KEY";
    public const string GeminiApiKey = "GEMINI_API_KEY";
    public const string OpenRouterApiKey = "OPENROUTER_API_KEY";

    public const string ClaudeModel = "CLAUDE_MEM_CLAUDE_MODEL";
    public const string ClaudeBaseUrl = "CLAUDE_MEM_CLAUDE_BASE_URL";
    public const string GeminiModel = "CLAUDE_MEM_GEMINI_MODEL";
    public const string GeminiBaseUrl = "CLAUDE_MEM_GEMINI_BASE_URL";
    public const string OpenRouterModel = "CLAUDE_MEM_OPENROUTER_MODEL";
    public const string OpenRouterBaseUrl = "CLAUDE_MEM_OPENROUTER_BASE_URL";

    /// <summary>Seconds one provider request may take, headers and body (default 90).</summary>
    public const string ProviderTimeoutSeconds = "CLAUDE_MEM_PROVIDER_TIMEOUT_SECONDS";
    public const string ProviderMaxOutputTokens = "CLAUDE_MEM_PROVIDER_MAX_OUTPUT_TOKENS";

    /// <summary>Characters of one event's JSON payload in a prompt.</summary>
    public const string PromptPayloadChars = "CLAUDE_MEM_PROMPT_PAYLOAD_CHARS";
    /// <summary>Characters of all events in one prompt.</summary>
    public const string PromptTotalChars = "CLAUDE_MEM_PROMPT_TOTAL_CHARS";
}
