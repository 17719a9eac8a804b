using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Prompts;
using Env = ClaudeMem.Generation.Providers.GenerationEnvironment;

namespace ClaudeMem.Generation.Tests.Providers;

public sealed class GenerationConfigurationTests : IDisposable
{
    private readonly HttpClient _http = new();

    private static Dictionary<string, string?> Config(params (string Name, string? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    [Theory]
    [InlineData("claude", Env.AnthropicApiKey)]
    [InlineData("gemini", Env.GeminiApiKey)]
    [InlineData("openrouter", Env.OpenRouterApiKey)]
    public void Each_http_provider_requires_its_key_with_a_clear_line(string provider, string keyVariable)
    {
        var errors = GenerationConfiguration.Validate(Config((Env.Provider, provider), (Env.AnthropicApiKey + "_OTHER", "x")));

        Assert.Equal($"{keyVariable} is required when CLAUDE_MEM_SERVER_PROVIDER={provider}", Assert.Single(errors));
    }

    [Fact]
    public void A_blank_key_counts_as_missing()
    {
        var errors = GenerationConfiguration.Validate(Config((Env.Provider, "claude"), (Env.AnthropicApiKey, "   ")));

        Assert.Equal("ANTHROPIC_API_KEY is required when CLAUDE_MEM_SERVER_PROVIDER=claude", Assert.Single(errors));
    }

    [Fact]
    public void Offline_needs_no_key()
    {
        Assert.Empty(GenerationConfiguration.Validate(Config((Env.Provider, "offline"))));
        Assert.IsType<OfflineProvider>(GenerationConfiguration.CreateProvider(Config((Env.Provider, "offline")), _http));
    }

    [Fact]
    public void A_missing_or_unknown_provider_is_rejected_listing_the_choices()
    {
        Assert.Equal("CLAUDE_MEM_SERVER_PROVIDER is required: one of claude, gemini, openrouter, offline",
            Assert.Single(GenerationConfiguration.Validate(Config())));
        Assert.Equal("CLAUDE_MEM_SERVER_PROVIDER=openai is not supported: use one of claude, gemini, openrouter, offline",
            Assert.Single(GenerationConfiguration.Validate(Config((Env.Provider, "openai")))));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = GenerationConfiguration.Validate(Config(
            (Env.Provider, "openrouter"),
            (Env.OpenRouterBaseUrl, "not a url"),
            (Env.ProviderTimeoutSeconds, "-5"),
            (Env.PromptPayloadChars, "lots")));

        Assert.Equal(4, errors.Count);
        Assert.Contains("OPENROUTER_API_KEY is required when CLAUDE_MEM_SERVER_PROVIDER=openrouter", errors);
        Assert.Contains("CLAUDE_MEM_OPENROUTER_BASE_URL must be an absolute http(s) URL, got 'not a url'", errors);
        Assert.Contains("CLAUDE_MEM_PROVIDER_TIMEOUT_SECONDS must be a positive integer, got '-5'", errors);
        Assert.Contains("CLAUDE_MEM_PROMPT_PAYLOAD_CHARS must be a positive integer, got 'lots'", errors);
        var thrown = Assert.Throws<InvalidOperationException>(() => GenerationConfiguration.Read(Config((Env.Provider, "openrouter"), (Env.ProviderTimeoutSeconds, "0"))));
        Assert.Contains("OPENROUTER_API_KEY is required", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("CLAUDE_MEM_PROVIDER_TIMEOUT_SECONDS must be a positive integer", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude", Env.AnthropicApiKey, "https://api.anthropic.com/", "claude-haiku-4-5")]
    [InlineData("gemini", Env.GeminiApiKey, "https://generativelanguage.googleapis.com/", "gemini-2.5-flash")]
    [InlineData("openrouter", Env.OpenRouterApiKey, "https://openrouter.ai/api/v1", "anthropic/claude-haiku-4.5")]
    public void Defaults_apply_when_only_provider_and_key_are_set(string provider, string keyVariable, string baseUrl, string model)
    {
        var settings = GenerationConfiguration.Read(Config((Env.Provider, provider), (keyVariable, "k-1")));

        Assert.Equal(provider, settings.Provider);
        Assert.Equal(new Uri(baseUrl), settings.Http!.BaseUrl);
        Assert.Equal(model, settings.Http.Model);
        Assert.Equal("k-1", settings.Http.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(GenerationConfiguration.DefaultTimeoutSeconds), settings.Http.Timeout);
        Assert.Equal(PromptOptions.Default, settings.Prompt);
    }

    [Fact]
    public void Overrides_are_read_and_the_built_provider_uses_them_on_the_wire()
    {
        var settings = GenerationConfiguration.Read(Config(
            (Env.Provider, " OpenRouter "),
            (Env.OpenRouterApiKey, "sk-or-1"),
            (Env.OpenRouterModel, "meta-llama/llama-3.3-70b-instruct"),
            (Env.OpenRouterBaseUrl, "http://127.0.0.1:11434/v1"),
            (Env.ProviderTimeoutSeconds, "12"),
            (Env.ProviderMaxOutputTokens, "777"),
            (Env.PromptPayloadChars, "1000"),
            (Env.PromptTotalChars, "9000")));

        Assert.Equal("openrouter", settings.Provider);
        Assert.Equal(new ProviderOptions(new Uri("http://127.0.0.1:11434/v1"), "sk-or-1", "meta-llama/llama-3.3-70b-instruct", TimeSpan.FromSeconds(12), 777), settings.Http);
        Assert.Equal(new PromptOptions(1000, 9000), settings.Prompt);
        Assert.IsType<OpenRouterProvider>(GenerationConfiguration.CreateProvider(settings, _http));
    }

    [Fact]
    public async Task A_provider_built_from_configuration_talks_to_the_configured_base_url()
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200,
            """{"content":[{"type":"text","text":"<no_observations/>"}]}"""));
        var provider = GenerationConfiguration.CreateProvider(Config(
            (Env.Provider, "claude"), (Env.AnthropicApiKey, "sk-ant-1"), (Env.ClaudeBaseUrl, server.BaseUrl.ToString()), (Env.ClaudeModel, "claude-opus-4-1")), _http);

        var result = await provider.CompleteAsync(new ProviderRequest(JobKinds.Event, "s", "u", [], []), CancellationToken.None);

        Assert.Equal("<no_observations/>", result.Value);
        Assert.Equal("sk-ant-1", server.SingleRequest.Headers["x-api-key"]);
        Assert.Contains("\"model\":\"claude-opus-4-1\"", server.SingleRequest.Body, StringComparison.Ordinal);
    }

    public void Dispose() => _http.Dispose();
}
