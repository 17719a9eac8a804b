using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Providers;

/// <summary>Anthropic Messages API: POST {base}/v1/messages.</summary>
public sealed class ClaudeProvider(HttpClient http, ProviderOptions options, TimeProvider? time = null)
    : HttpGenerationProvider(http, options, time)
{
    public const string DefaultBaseUrl = "https://api.anthropic.com";
    public const string DefaultModel = "claude-haiku-4-5";
    public const string ApiVersion = "2023-06-01";

    public override string Name => ProviderNames.Claude;

    protected override string AnswerPath => "content[].text";

    protected override HttpRequestMessage CreateRequest(ProviderRequest request)
    {
        var body = new JsonObject
        {
            ["model"] = Options.Model,
            ["max_tokens"] = Options.MaxOutputTokens,
            ["system"] = request.SystemPrompt,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = request.UserPrompt }),
        };

        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint("v1/messages")) { Content = JsonBody(body) };
        message.Headers.Add(HeaderNames.AnthropicApiKey, Options.ApiKey);
        message.Headers.Add(HeaderNames.AnthropicVersion, ApiVersion);
        return message;
    }

    /// <summary>Messages API: usage.input_tokens + usage.output_tokens.</summary>
    protected override long? ExtractTokens(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && (Count(usage, "input_tokens"), Count(usage, "output_tokens")) is var (i, o)
        && (i ?? o) is not null ? (i ?? 0) + (o ?? 0) : null;

    protected override string? ExtractAnswer(JsonElement root)
    {
        if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        var found = false;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("type", out var type) && type.ValueEquals("text")
                && block.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(value.GetString());
                found = true;
            }
        }

        return found ? text.ToString() : null;
    }
}
