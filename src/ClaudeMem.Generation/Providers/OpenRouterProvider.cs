using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Providers;

/// <summary>OpenAI-compatible chat completions (OpenRouter by default): POST {base}/chat/completions.</summary>
public sealed class OpenRouterProvider(HttpClient http, ProviderOptions options, TimeProvider? time = null)
    : HttpGenerationProvider(http, options, time)
{
    public const string DefaultBaseUrl = "https://openrouter.ai/api/v1";
    public const string DefaultModel = "anthropic/claude-haiku-4.5";
    public const string AppTitle = "ClaudeMem Server";

    public override string Name => ProviderNames.OpenRouter;

    protected override string AnswerPath => "choices[0].message.content";

    protected override HttpRequestMessage CreateRequest(ProviderRequest request)
    {
        var body = new JsonObject
        {
            ["model"] = Options.Model,
            ["max_tokens"] = Options.MaxOutputTokens,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = request.SystemPrompt },
                new JsonObject { ["role"] = "user", ["content"] = request.UserPrompt }),
        };

        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint("chat/completions")) { Content = JsonBody(body) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        message.Headers.Add(HeaderNames.OpenRouterTitle, AppTitle);
        return message;
    }

    /// <summary>Chat completions: usage.total_tokens.</summary>
    protected override long? ExtractTokens(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) ? Count(usage, "total_tokens") : null;

    protected override string? ExtractAnswer(JsonElement root)
    {
        if (!root.TryGetProperty("choices", out var choices)
            || choices.ValueKind != JsonValueKind.Array
            || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("message", out var message)
            || message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("content", out var content))
        {
            return null;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString(),
            // Some compatible servers return content as typed parts.
            JsonValueKind.Array => JoinTextParts(content),
            _ => null,
        };
    }

    private static string? JoinTextParts(JsonElement parts)
    {
        var text = new StringBuilder();
        var found = false;
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(value.GetString());
                found = true;
            }
        }

        return found ? text.ToString() : null;
    }
}
