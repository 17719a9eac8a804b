namespace ClaudeMem.Generation.Tests.Providers;

public sealed class GeminiProviderTests : HttpProviderContract
{
    protected override string ProviderName => "gemini";

    protected override IGenerationProvider CreateProvider(Uri baseUrl, TimeSpan timeout) =>
        new GeminiProvider(Http, new ProviderOptions(baseUrl, ApiKey, Model, timeout, 2048));

    protected override string SuccessBody(string text) => new JsonObject
    {
        ["candidates"] = new JsonArray(new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["role"] = "model",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
            },
            ["finishReason"] = "STOP",
        }),
        ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 10, ["candidatesTokenCount"] = 25, ["totalTokenCount"] = 35 },
        ["modelVersion"] = Model,
    }.ToJsonString();

    protected override long SuccessTokens => 35;

    protected override string ErrorBody(int status, string message) => new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = status,
            ["message"] = message,
            ["status"] = status switch { 429 => "RESOURCE_EXHAUSTED", 401 => "UNAUTHENTICATED", 403 => "PERMISSION_DENIED", >= 500 => "UNAVAILABLE", _ => "INVALID_ARGUMENT" },
        },
    }.ToJsonString();

    protected override void AssertWireRequest(RecordedRequest received, ProviderRequest sent)
    {
        Assert.Equal($"/v1beta/models/{Model}:generateContent", received.Path);
        Assert.Equal(ApiKey, received.Headers["x-goog-api-key"]);
        Assert.DoesNotContain("key=", received.Path, StringComparison.Ordinal);
        var body = BodyOf(received);
        Assert.Equal(sent.SystemPrompt, body.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        var content = Assert.Single(body.GetProperty("contents").EnumerateArray());
        Assert.Equal("user", content.GetProperty("role").GetString());
        Assert.Equal(sent.UserPrompt, Assert.Single(content.GetProperty("parts").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(2048, body.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
    }

    private const string PerMinuteQuota = """
        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED",
         "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
                    {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}
        """;

    [Fact]
    public async Task A_per_minute_resource_exhausted_with_retry_info_is_rate_limited_with_its_delay()
    {
        var error = await FailOnAsync(429, PerMinuteQuota);

        Assert.Equal(GenerationErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(37), error.RetryAfter);
        Assert.Contains("RESOURCE_EXHAUSTED", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_per_day_quota_is_a_final_quota_error_even_with_retry_info()
    {
        var body = PerMinuteQuota.Replace("GenerateRequestsPerMinutePerProjectPerModel", "GenerateRequestsPerDayPerProjectPerModel", StringComparison.Ordinal);
        var error = await FailOnAsync(429, body);

        Assert.Equal(GenerationErrorKind.Quota, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Resource_exhausted_naming_quota_without_a_retry_hint_is_a_quota_error()
    {
        var error = await FailOnAsync(429,
            """{"error":{"code":429,"message":"Quota exceeded for quota metric 'Generate Content API requests'.","status":"RESOURCE_EXHAUSTED"}}""");

        Assert.Equal(GenerationErrorKind.Quota, error.Kind);
    }

    [Fact]
    public async Task Thought_parts_are_left_out_of_the_answer()
    {
        const string body = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me think about the events","thought":true},{"text":"<no_observations/>"}]}}]}
            """;
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, body));

        var result = await CreateProvider(server.BaseUrl, GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.Equal("<no_observations/>", result.Value);
    }

    [Fact]
    public async Task A_blocked_prompt_without_candidates_is_a_parse_error()
    {
        var error = await FailOnAsync(200, """{"promptFeedback":{"blockReason":"SAFETY"}}""");

        Assert.Equal(GenerationErrorKind.Parse, error.Kind);
        Assert.Contains("SAFETY", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_configured_with_the_models_prefix_is_not_doubled()
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, SuccessBody("<no_observations/>")));
        var provider = new GeminiProvider(Http, new ProviderOptions(server.BaseUrl, ApiKey, "models/gemini-2.5-flash", GenerousTimeout, 100));

        await provider.CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", server.SingleRequest.Path);
    }

    [Fact]
    public async Task An_invalid_key_reported_as_400_is_an_auth_error()
    {
        var error = await FailOnAsync(400, """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
             "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}
            """);

        Assert.Equal(GenerationErrorKind.Auth, error.Kind);
        Assert.Contains("gemini: HTTP 400 (Auth): INVALID_ARGUMENT: API key not valid", error.Reason, StringComparison.Ordinal);
    }
}
