using System.Globalization;
using ClaudeMem.Generation.Prompts;
using Env = ClaudeMem.Generation.Providers.GenerationEnvironment;

namespace ClaudeMem.Generation.Providers;

/// <summary>Reads the generation settings from environment-like configuration and builds the chosen provider.</summary>
public static class GenerationConfiguration
{
    // Below HttpClient's default 100 s timeout, so ours is the one that fires and is reported.
    public const int DefaultTimeoutSeconds = 90;
    public const int DefaultMaxOutputTokens = 4096;

    /// <returns>One line per problem; empty when the configuration is usable.</returns>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string?> env) => Load(env).Errors;

    /// <summary>The settings, or null with one line per problem (the host's startup validator reads them once, through this).</summary>
    public static (GenerationSettings? Settings, IReadOnlyList<string> Errors) Parse(IReadOnlyDictionary<string, string?> env) => Load(env);

    /// <summary>No key, no network: what a process that does not generate, or a fresh checkout, uses.</summary>
    public static readonly GenerationSettings Offline = new(ProviderNames.Offline, null, PromptOptions.Default);

    /// <exception cref="InvalidOperationException">The configuration is not usable; the message lists every problem.</exception>
    public static GenerationSettings Read(IReadOnlyDictionary<string, string?> env)
    {
        var (settings, errors) = Load(env);
        return errors.Count == 0 && settings is not null
            ? settings
            : throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    /// <param name="http">Shared client; the per-request timeout is enforced by the provider, so its own Timeout should not be shorter.</param>
    public static IGenerationProvider CreateProvider(GenerationSettings settings, HttpClient http, TimeProvider? time = null)
    {
        if (settings.Provider == ProviderNames.Offline)
        {
            return new OfflineProvider();
        }

        var options = settings.Http ?? throw new InvalidOperationException($"provider '{settings.Provider}' needs HTTP options");
        return settings.Provider switch
        {
            ProviderNames.Claude => new ClaudeProvider(http, options, time),
            ProviderNames.Gemini => new GeminiProvider(http, options, time),
            ProviderNames.OpenRouter => new OpenRouterProvider(http, options, time),
            _ => throw new InvalidOperationException($"unknown provider '{settings.Provider}'"),
        };
    }

    public static IGenerationProvider CreateProvider(IReadOnlyDictionary<string, string?> env, HttpClient http, TimeProvider? time = null) =>
        CreateProvider(Read(env), http, time);

    private static (GenerationSettings? Settings, List<string> Errors) Load(IReadOnlyDictionary<string, string?> env)
    {
        var errors = new List<string>();
        var prompt = new PromptOptions(
            PositiveInt(env, Env.PromptPayloadChars, PromptOptions.DefaultPayloadCharBudget, errors),
            PositiveInt(env, Env.PromptTotalChars, PromptOptions.DefaultTotalCharBudget, errors));
        var timeout = TimeSpan.FromSeconds(PositiveInt(env, Env.ProviderTimeoutSeconds, DefaultTimeoutSeconds, errors));
        var maxTokens = PositiveInt(env, Env.ProviderMaxOutputTokens, DefaultMaxOutputTokens, errors);

        var provider = Value(env, Env.Provider)?.ToLowerInvariant();
        var choices = string.Join(", ", ProviderNames.All);
        if (provider is null)
        {
            errors.Add($"{Env.Provider} is required: one of {choices}");
            return (null, errors);
        }

        (string KeyVariable, string ModelVariable, string DefaultModel, string BaseUrlVariable, string DefaultBaseUrl)? http = provider switch
        {
            ProviderNames.Claude => (Env.AnthropicApiKey, Env.ClaudeModel, ClaudeProvider.DefaultModel, Env.ClaudeBaseUrl, ClaudeProvider.DefaultBaseUrl),
            ProviderNames.Gemini => (Env.GeminiApiKey, Env.GeminiModel, GeminiProvider.DefaultModel, Env.GeminiBaseUrl, GeminiProvider.DefaultBaseUrl),
            ProviderNames.OpenRouter => (Env.OpenRouterApiKey, Env.OpenRouterModel, OpenRouterProvider.DefaultModel, Env.OpenRouterBaseUrl, OpenRouterProvider.DefaultBaseUrl),
            _ => null,
        };

        if (provider == ProviderNames.Offline)
        {
            return (new GenerationSettings(provider, null, prompt), errors);
        }

        if (http is not { } wire)
        {
            errors.Add($"{Env.Provider}={provider} is not supported: use one of {choices}");
            return (null, errors);
        }

        var key = Value(env, wire.KeyVariable);
        if (key is null)
        {
            errors.Add($"{wire.KeyVariable} is required when {Env.Provider}={provider}");
        }

        var baseUrlText = Value(env, wire.BaseUrlVariable) ?? wire.DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add($"{wire.BaseUrlVariable} must be an absolute http(s) URL, got '{baseUrlText}'");
        }

        var model = Value(env, wire.ModelVariable) ?? wire.DefaultModel;
        return errors.Count == 0
            ? (new GenerationSettings(provider, new ProviderOptions(baseUrl!, key!, model, timeout, maxTokens), prompt), errors)
            : (null, errors);
    }

    private static string? Value(IReadOnlyDictionary<string, string?> env, string name) =>
        env.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int PositiveInt(IReadOnlyDictionary<string, string?> env, string name, int fallback, List<string> errors)
    {
        if (Value(env, name) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors.Add($"{name} must be a positive integer, got '{text}'");
        return fallback;
    }
}
