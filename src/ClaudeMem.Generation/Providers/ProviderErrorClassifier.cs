using System.Globalization;
using System.Text.Json;
using ClaudeMem.Generation.Parsing;

namespace ClaudeMem.Generation.Providers;

/// <summary>Maps a failed HTTP exchange to a <see cref="GenerationErrorKind"/> and a reason naming provider and status.</summary>
internal static class ProviderErrorClassifier
{
    private const int PreviewLength = 300;

    // Wording providers use when an account, not a request rate, is exhausted:
    // OpenAI/OpenRouter "insufficient_quota", Anthropic "credit balance is too low",
    // Gemini "exceeded your current quota ... billing".
    private static readonly string[] QuotaWords = ["quota", "billing", "credit", "insufficient_funds", "payment"];

    /// <remarks>
    /// Quota rule: a 429 is <see cref="GenerationErrorKind.Quota"/> when it names a per-day quota,
    /// or names quota/billing/credits without giving a retry hint; every other 429 is
    /// <see cref="GenerationErrorKind.RateLimited"/>, because a server that says when to come back
    /// (Gemini's per-minute limits say "quota" too) expects the request to succeed then.
    /// 402, and any other 4xx that names exhausted credits or billing, is Quota as well; a 400 that
    /// says the API key is invalid (Gemini's way) is Auth.
    /// </remarks>
    public static GenerationError FromStatus(string provider, int status, string body, TimeSpan? retryAfterHeader)
    {
        var retryHint = retryAfterHeader ?? GoogleRetryDelay(body);
        var detail = Detail(body);
        var kind = status switch
        {
            401 or 403 => GenerationErrorKind.Auth,
            400 when NamesInvalidKey(body) => GenerationErrorKind.Auth,
            402 => GenerationErrorKind.Quota,
            429 when NamesDailyQuota(body) => GenerationErrorKind.Quota,
            429 when retryHint is null && NamesQuota(detail) => GenerationErrorKind.Quota,
            429 => GenerationErrorKind.RateLimited,
            408 or >= 500 => GenerationErrorKind.Transient,
            >= 400 when NamesQuota(detail) => GenerationErrorKind.Quota,
            _ => GenerationErrorKind.InvalidRequest,
        };

        var reason = $"{provider}: HTTP {status.ToString(CultureInfo.InvariantCulture)} ({kind}): {detail}";
        var retryable = kind is GenerationErrorKind.Transient or GenerationErrorKind.RateLimited;
        return new GenerationError(kind, reason, retryable ? retryHint : null);
    }

    /// <summary>The numeric status of an {"error": {"code": 429, ...}} object inside a 200 body, if any.</summary>
    public static int? EmbeddedStatus(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("error", out var error)
        && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("code", out var code)
        && code.ValueKind == JsonValueKind.Number
        && code.TryGetInt32(out var status)
        && status >= 400
            ? status
            : null;

    public static string Preview(string body) => TextPreview.Of(body, PreviewLength, "(empty body)");

    /// <summary>"type: message" from the usual error envelopes, else a preview of the raw body.</summary>
    private static string Detail(string body)
    {
        if (TryParse(body) is not { } root)
        {
            return Preview(body);
        }

        var error = root.TryGetProperty("error", out var e) ? e : root;
        if (error.ValueKind == JsonValueKind.String)
        {
            return Preview(error.GetString()!);
        }

        if (error.ValueKind != JsonValueKind.Object)
        {
            return Preview(body);
        }

        var label = StringProperty(error, "type") ?? StringProperty(error, "status") ?? StringProperty(error, "code");
        var message = StringProperty(error, "message");
        return message is null ? Preview(body) : Preview(label is null ? message : $"{label}: {message}");
    }

    private static bool NamesQuota(string detail) =>
        QuotaWords.Any(word => detail.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>Gemini answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, not 401.</summary>
    private static bool NamesInvalidKey(string body) =>
        body.Contains("API_KEY_INVALID", StringComparison.Ordinal) || body.Contains("API key not valid", StringComparison.OrdinalIgnoreCase);

    private static bool NamesDailyQuota(string body) =>
        body.Contains("PerDay", StringComparison.Ordinal) || body.Contains("per day", StringComparison.OrdinalIgnoreCase);

    /// <summary>Google's RetryInfo detail: {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}.</summary>
    private static TimeSpan? GoogleRetryDelay(string body)
    {
        if (TryParse(body) is not { } root
            || !root.TryGetProperty("error", out var error)
            || error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("details", out var details)
            || details.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (detail.ValueKind == JsonValueKind.Object
                && StringProperty(detail, "@type")?.EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal) == true
                && StringProperty(detail, "retryDelay") is { } delay
                && delay.EndsWith('s')
                && double.TryParse(delay[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
