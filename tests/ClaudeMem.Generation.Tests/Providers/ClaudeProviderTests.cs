using System.Text.Json;

namespace ClaudeMem.Generation.Tests.Providers;

public sealed class ClaudeProviderTests : HttpProviderContract
{
    protected override string ProviderName => "claude";

    protected override IGenerationProvider CreateProvider(Uri baseUrl, TimeSpan timeout) =>
        new ClaudeProvider(Http, new ProviderOptions(baseUrl, ApiKey, Model, timeout, 1234));

    protected override string SuccessBody(string text) => new JsonObject
    {
        ["id"] = "msg_01",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = Model,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        ["stop_reason"] = "end_turn",
        ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 20 },
    }.ToJsonString();

    protected override long SuccessTokens => 30;

    protected override string ErrorBody(int status, string message) => new JsonObject
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = status == 429 ? "rate_limit_error" : "api_error", ["message"] = message },
    }.ToJsonString();

    protected override void AssertWireRequest(RecordedRequest received, ProviderRequest sent)
    {
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(ApiKey, received.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.False(received.Headers.ContainsKey("authorization"));
        var body = BodyOf(received);
        Assert.Equal(Model, body.GetProperty("model").GetString());
        Assert.Equal(1234, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(sent.SystemPrompt, body.GetProperty("system").GetString());
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(sent.UserPrompt, message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Text_blocks_are_concatenated_and_other_blocks_ignored()
    {
        const string body = """
            {"content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"<observation><title>A"},{"type":"text","text":"</title></observation>"}]}
            """;
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, body));

        var result = await CreateProvider(server.BaseUrl, GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.Equal("<observation><title>A</title></observation>", result.Value);
    }

    [Fact]
    public async Task Anthropic_lowercase_retry_after_header_is_honoured()
    {
        var error = await FailOnAsync(
            429, ErrorBody(429, "Number of request tokens has exceeded your per-minute rate limit"),
            response => response.Headers["retry-after"] = "42");

        Assert.Equal(GenerationErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42), error.RetryAfter);
        Assert.Contains("rate_limit_error", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overloaded_529_is_transient()
    {
        var error = await FailOnAsync(529,
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");

        Assert.Equal(GenerationErrorKind.Transient, error.Kind);
        Assert.Contains("overloaded_error: Overloaded", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_about_the_credit_balance_is_a_quota_error()
    {
        var error = await FailOnAsync(400,
            """{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}}""");

        Assert.Equal(GenerationErrorKind.Quota, error.Kind);
        Assert.Contains("credit balance is too low", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_url_with_a_trailing_slash_still_targets_v1_messages()
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, SuccessBody("<no_observations/>")));

        await CreateProvider(new Uri(server.BaseUrl + "/"), GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.Equal("/v1/messages", server.SingleRequest.Path);
    }
}
