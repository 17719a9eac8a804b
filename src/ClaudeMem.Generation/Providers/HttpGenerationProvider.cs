using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Providers;

/// <summary>
/// The exchange common to the HTTP providers: one POST under a per-request timeout, then the
/// answer text or a classified error. No retries here; the queue retries what is retryable.
/// </summary>
public abstract class HttpGenerationProvider(HttpClient http, ProviderOptions options, TimeProvider? time = null)
    : IGenerationProvider
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public abstract string Name { get; }

    protected ProviderOptions Options { get; } = options;

    /// <summary>Where the answer text lives, for error reasons ("content[].text").</summary>
    protected abstract string AnswerPath { get; }

    protected abstract HttpRequestMessage CreateRequest(ProviderRequest request);

    /// <returns>The answer text, or null when the body lacks the fields it should have.</returns>
    protected abstract string? ExtractAnswer(JsonElement root);

    /// <returns>The tokens the answer reports having used (prompt and completion), or null when it does not say.</returns>
    protected abstract long? ExtractTokens(JsonElement root);

    /// <summary>A non-negative integer property, or null.</summary>
    protected static long? Count(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0 ? n : null;

    public async Task<GenerationResult<string>> CompleteAsync(ProviderRequest request, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await ExchangeAsync(request, ct);
        var provider = new KeyValuePair<string, object?>("provider", Name);
        GenerationMetrics.ProviderDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            provider, new("outcome", result.Error is null ? "ok" : result.Error.Kind.ToString()));
        if (result.Error is { } error) GenerationMetrics.ProviderErrors.Add(1, provider, new("kind", error.Kind.ToString()));
        if (result.Tokens is { } tokens) GenerationMetrics.ProviderTokens.Add(tokens, provider);
        return result;
    }

    private async Task<GenerationResult<string>> ExchangeAsync(ProviderRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var message = CreateRequest(request);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return response.IsSuccessStatusCode
                ? ReadAnswer((int)response.StatusCode, body)
                : Fail(ProviderErrorClassifier.FromStatus(
                    Name, (int)response.StatusCode, body, RetryAfter(response.Headers)));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Fail(new GenerationError(GenerationErrorKind.Transient,
                string.Create(CultureInfo.InvariantCulture, $"{Name}: no complete answer within {Options.Timeout.TotalSeconds:0.###} s (timeout)")));
        }
        catch (HttpRequestException ex)
        {
            return Fail(new GenerationError(GenerationErrorKind.Transient,
                $"{Name}: request failed ({ex.HttpRequestError}): {ex.Message}"));
        }
        catch (IOException ex)
        {
            return Fail(new GenerationError(GenerationErrorKind.Transient,
                $"{Name}: connection lost while reading the answer: {ex.Message}"));
        }
    }

    protected static StringContent JsonBody(JsonObject body) =>
        new(body.ToJsonString(), Encoding.UTF8, "application/json");

    protected Uri Endpoint(string relativePath) =>
        new($"{Options.BaseUrl.ToString().TrimEnd('/')}/{relativePath.TrimStart('/')}");

    private GenerationResult<string> ReadAnswer(int status, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Fail(new GenerationError(GenerationErrorKind.Parse,
                $"{Name}: HTTP {status} body is not valid JSON ({ex.Message}): {ProviderErrorClassifier.Preview(body)}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && ExtractAnswer(root) is { } answer)
            {
                return GenerationResult<string>.Success(answer) with { Tokens = ExtractTokens(root) };
            }

            // OpenAI-compatible gateways sometimes report an upstream failure inside a 200.
            if (ProviderErrorClassifier.EmbeddedStatus(root) is { } embeddedStatus)
            {
                return Fail(ProviderErrorClassifier.FromStatus(Name, embeddedStatus, body, retryAfterHeader: null));
            }

            return Fail(new GenerationError(GenerationErrorKind.Parse,
                $"{Name}: HTTP {status} body has no {AnswerPath}: {ProviderErrorClassifier.Preview(body)}"));
        }
    }

    private TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - _time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        // Fractional seconds ("1.5") are not valid HTTP but some gateways send them.
        return headers.TryGetValues(HeaderNames.RetryAfter, out var values)
               && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
               && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static GenerationResult<string> Fail(GenerationError error) => GenerationResult<string>.Failure(error);
}
