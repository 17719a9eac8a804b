using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Providers;

/// <summary>Gemini API: POST {base}/v1beta/models/{model}:generateContent.</summary>
public sealed class GeminiProvider(HttpClient http, ProviderOptions options, TimeProvider? time = null)
    : HttpGenerationProvider(http, options, time)
{
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com";
    public const string DefaultModel = "gemini-2.5-flash";

    private const string ModelsPrefix = "models/";

    public override string Name => ProviderNames.Gemini;

    protected override string AnswerPath => "candidates[0].content.parts[].text";

    protected override HttpRequestMessage CreateRequest(ProviderRequest request)
    {
        var body = new JsonObject
        {
            ["contents"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = request.UserPrompt }),
            }),
            ["generationConfig"] = new JsonObject { ["maxOutputTokens"] = Options.MaxOutputTokens },
        };
        if (!string.IsNullOrWhiteSpace(request.SystemPrompt))
        {
            body["systemInstruction"] = new JsonObject
            {
                ["parts"] = new JsonArray(new JsonObject { ["text"] = request.SystemPrompt }),
            };
        }

        // Gemini lists models as "models/gemini-..."; accept either spelling in configuration.
        var model = Options.Model.StartsWith(ModelsPrefix, StringComparison.Ordinal) ? Options.Model[ModelsPrefix.Length..] : Options.Model;
        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint($"v1beta/models/{Uri.EscapeDataString(model)}:generateContent"))
        {
            Content = JsonBody(body),
        };
        message.Headers.Add(HeaderNames.GoogleApiKey, Options.ApiKey);
        return message;
    }

    /// <summary>generateContent: usageMetadata.totalTokenCount.</summary>
    protected override long? ExtractTokens(JsonElement root) =>
        root.TryGetProperty("usageMetadata", out var usage) ? Count(usage, "totalTokenCount") : null;

    protected override string? ExtractAnswer(JsonElement root)
    {
        if (!root.TryGetProperty("candidates", out var candidates)
            || candidates.ValueKind != JsonValueKind.Array
            || candidates.GetArrayLength() == 0
            || !candidates[0].TryGetProperty("content", out var content)
            || content.ValueKind != JsonValueKind.Object
            || !content.TryGetProperty("parts", out var parts)
            || parts.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        var found = false;
        foreach (var part in parts.EnumerateArray())
        {
            // Thinking models return their reasoning as parts flagged "thought"; only the answer counts.
            var isThought = part.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True;
            if (!isThought && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(value.GetString());
                found = true;
            }
        }

        return found ? text.ToString() : null;
    }
}
