namespace ClaudeMem.Generation.Tests.Providers;

public sealed class OpenRouterProviderTests : HttpProviderContract
{
    // The real base URL carries a path (https://openrouter.ai/api/v1); the fake one does too.
    private const string PathPrefix = "/api/v1";

    protected override string ProviderName => "openrouter";

    protected override IGenerationProvider CreateProvider(Uri baseUrl, TimeSpan timeout) =>
        new OpenRouterProvider(Http, new ProviderOptions(new Uri(baseUrl + PathPrefix.TrimStart('/')), ApiKey, Model, timeout, 512));

    protected override string SuccessBody(string text) => new JsonObject
    {
        ["id"] = "gen-1",
        ["object"] = "chat.completion",
        ["model"] = Model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 30, ["completion_tokens"] = 12, ["total_tokens"] = 42 },
    }.ToJsonString();

    protected override long SuccessTokens => 42;

    protected override string ErrorBody(int status, string message) => new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = status, ["message"] = message },
    }.ToJsonString();

    protected override void AssertWireRequest(RecordedRequest received, ProviderRequest sent)
    {
        Assert.Equal(PathPrefix + "/chat/completions", received.Path);
        Assert.Equal($"Bearer {ApiKey}", received.Headers["authorization"]);
        var body = BodyOf(received);
        Assert.Equal(Model, body.GetProperty("model").GetString());
        Assert.Equal(512, body.GetProperty("max_tokens").GetInt32());
        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal(sent.SystemPrompt, messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal(sent.UserPrompt, messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task An_upstream_error_reported_inside_a_200_is_classified_by_its_code()
    {
        var error = await FailOnAsync(200,
            """{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"Anthropic"}}}""");

        Assert.Equal(GenerationErrorKind.Transient, error.Kind);
        Assert.Contains("HTTP 502", error.Reason, StringComparison.Ordinal);
        Assert.Contains("Provider returned error", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insufficient_quota_429_without_retry_hint_is_a_quota_error()
    {
        var error = await FailOnAsync(429,
            """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}""");

        Assert.Equal(GenerationErrorKind.Quota, error.Kind);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task A_plain_429_without_any_hint_is_rate_limited_without_a_delay()
    {
        var error = await FailOnAsync(429, ErrorBody(429, "Rate limit exceeded: free-models-per-min."));

        Assert.Equal(GenerationErrorKind.RateLimited, error.Kind);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Content_given_as_typed_parts_is_joined()
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200,
            """{"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"<no_"},{"type":"text","text":"observations/>"}]}}]}"""));

        var result = await CreateProvider(server.BaseUrl, GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.Equal("<no_observations/>", result.Value);
    }
}
