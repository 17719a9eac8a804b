using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClaudeMem.Generation.Prompts;
using Microsoft.AspNetCore.Http;

namespace ClaudeMem.Generation.Tests.Providers;

/// <summary>
/// Behaviour every HTTP provider must show against a local server speaking its wire format.
/// Each provider's test class supplies the wire details; the facts here run once per provider.
/// </summary>
public abstract class HttpProviderContract : IDisposable
{
    protected const string ApiKey = "test-key-123";
    protected const string Model = "test-model-1";
    protected static readonly TimeSpan GenerousTimeout = TimeSpan.FromSeconds(10);

    protected readonly HttpClient Http = new();

    protected abstract string ProviderName { get; }

    protected abstract IGenerationProvider CreateProvider(Uri baseUrl, TimeSpan timeout);

    /// <summary>A successful response body whose answer text is <paramref name="text"/>.</summary>
    protected abstract string SuccessBody(string text);

    /// <summary>A realistic error envelope for this provider.</summary>
    protected abstract string ErrorBody(int status, string message);

    protected abstract void AssertWireRequest(RecordedRequest received, ProviderRequest sent);

    /// <summary>The tokens <see cref="SuccessBody"/> reports, prompt and completion together.</summary>
    protected abstract long SuccessTokens { get; }

    protected static ProviderRequest SampleRequest { get; } = GenerationPrompts.ForObservations(
        [new PromptEvent("PostToolUse", DateTimeOffset.Parse("2026-11-23T10:00:00Z", CultureInfo.InvariantCulture),
            JsonDocument.Parse("""{"tool_name":"Read","tool_input":{"file_path":"/repo/src/App.cs"}}""").RootElement)],
        PromptOptions.Default);

    private const string ObservationXml =
        "<observation><type>discovery</type><title>App entry point</title><narrative>App.cs wires the host.</narrative></observation>";

    [Fact]
    public async Task Success_returns_the_answer_text_and_sends_the_providers_wire_format()
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, SuccessBody(ObservationXml)));

        var result = await CreateProvider(server.BaseUrl, GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Reason);
        Assert.Equal(ObservationXml, result.Value);
        var received = server.SingleRequest;
        Assert.Equal("POST", received.Method);
        Assert.StartsWith("application/json", received.Headers["content-type"], StringComparison.Ordinal);
        AssertWireRequest(received, SampleRequest);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_seconds_is_retryable_with_that_delay()
    {
        var error = await FailOnAsync(
            429, ErrorBody(429, "Too many requests, slow down"), response => response.Headers["Retry-After"] = "17");

        Assert.Equal(GenerationErrorKind.RateLimited, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(17), error.RetryAfter);
        Assert.Contains(ProviderName, error.Reason, StringComparison.Ordinal);
        Assert.Contains("429", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_http_date_is_converted_to_a_delay()
    {
        var retryAt = DateTimeOffset.UtcNow.AddMinutes(2);
        var error = await FailOnAsync(
            429, ErrorBody(429, "Too many requests"), response => response.Headers["Retry-After"] = retryAt.ToString("R", CultureInfo.InvariantCulture));

        Assert.Equal(GenerationErrorKind.RateLimited, error.Kind);
        Assert.NotNull(error.RetryAfter);
        // The HTTP date has one-second resolution and some time passes before it is read.
        Assert.InRange(error.RetryAfter!.Value.TotalSeconds, 110, 120);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Server_errors_are_transient(int status)
    {
        var error = await FailOnAsync(status, ErrorBody(status, "upstream exploded"));

        Assert.Equal(GenerationErrorKind.Transient, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.Contains($"{ProviderName}: HTTP {status}", error.Reason, StringComparison.Ordinal);
        Assert.Contains("upstream exploded", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_a_transient_error_reported_promptly()
    {
        await using var server = await FakeProviderServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            await FakeProviderServer.Json(200, SuccessBody(ObservationXml))(context);
        });
        var stopwatch = Stopwatch.StartNew();

        var result = await CreateProvider(server.BaseUrl, TimeSpan.FromMilliseconds(300)).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(GenerationErrorKind.Transient, result.Error?.Kind);
        Assert.Contains("timeout", result.Error!.Reason, StringComparison.Ordinal);
        Assert.StartsWith(ProviderName + ":", result.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_still_bounded_by_the_timeout()
    {
        await using var server = await FakeProviderServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"partial\": ", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        });
        var stopwatch = Stopwatch.StartNew();

        var result = await CreateProvider(server.BaseUrl, TimeSpan.FromMilliseconds(400)).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(5));
        Assert.Equal(GenerationErrorKind.Transient, result.Error?.Kind);
        Assert.Contains("timeout", result.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_on_a_503_is_carried_as_the_suggested_delay()
    {
        var error = await FailOnAsync(
            503, ErrorBody(503, "maintenance"), response => response.Headers["Retry-After"] = "8");

        Assert.Equal(GenerationErrorKind.Transient, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(8), error.RetryAfter);
    }

    [Fact]
    public async Task Connection_refused_is_transient()
    {
        var error = await FailAsync(FakeProviderServer.ClosedPortUrl());

        Assert.Equal(GenerationErrorKind.Transient, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.StartsWith(ProviderName + ":", error.Reason, StringComparison.Ordinal);
        Assert.Contains("ConnectionError", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"truncated\": ")]
    [InlineData("<html><body>Bad gateway page served with 200</body></html>")]
    public async Task A_malformed_json_body_is_a_final_parse_error(string body)
    {
        var error = await FailOnAsync(200, body);

        Assert.Equal(GenerationErrorKind.Parse, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.Contains("not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_without_the_answer_field_is_a_parse_error()
    {
        var error = await FailOnAsync(200, """{"id":"x","unexpected":true}""");

        Assert.Equal(GenerationErrorKind.Parse, error.Kind);
        Assert.Contains("has no", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_body_whose_text_is_not_xml_fails_generation_with_a_parse_error_naming_the_provider()
    {
        const string refusal = "I'm sorry, but I can't summarize these events. Could you share more context?";
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, SuccessBody(refusal)));
        var provider = CreateProvider(server.BaseUrl, GenerousTimeout);

        var observations = await Generator.GenerateObservationsAsync(provider, SampleRequest.Events, PromptOptions.Default, CancellationToken.None);
        var summary = await Generator.GenerateSummaryAsync(provider, SampleRequest.Events, PromptOptions.Default, CancellationToken.None);

        Assert.Equal(GenerationErrorKind.Parse, observations.Error?.Kind);
        Assert.StartsWith(ProviderName + ": answer has no <observation>", observations.Error!.Reason, StringComparison.Ordinal);
        Assert.Contains("I'm sorry", observations.Error.Reason, StringComparison.Ordinal);
        Assert.Equal(GenerationErrorKind.Parse, summary.Error?.Kind);
        Assert.StartsWith(ProviderName + ": answer has no <summary>", summary.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_xml_answer_flows_through_generation_into_observations()
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, SuccessBody("Here you go:\n" + ObservationXml)));

        var result = await Generator.GenerateObservationsAsync(
            CreateProvider(server.BaseUrl, GenerousTimeout), SampleRequest.Events, [], PromptOptions.Default, CancellationToken.None);

        var observation = Assert.Single(result.Value!);
        Assert.Equal("App entry point", observation.Title);
        Assert.Equal(SuccessTokens, result.Tokens);
    }

    [Fact]
    public async Task An_answer_without_usage_reports_no_tokens()
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(SuccessBody(ObservationXml))!.AsObject();
        body.Remove("usage");
        body.Remove("usageMetadata");
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(200, body.ToJsonString()));

        var result = await CreateProvider(server.BaseUrl, GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Reason);
        Assert.Null(result.Tokens);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Authentication_failures_are_final_auth_errors(int status)
    {
        var error = await FailOnAsync(status, ErrorBody(status, "invalid x-api-key"));

        Assert.Equal(GenerationErrorKind.Auth, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.Null(error.RetryAfter);
        Assert.Contains($"{ProviderName}: HTTP {status}", error.Reason, StringComparison.Ordinal);
        Assert.Contains("invalid x-api-key", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payment_required_is_a_final_quota_error()
    {
        var error = await FailOnAsync(402, ErrorBody(402, "Insufficient credits"));

        Assert.Equal(GenerationErrorKind.Quota, error.Kind);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Other_client_errors_are_final_invalid_request_errors()
    {
        var error = await FailOnAsync(400, ErrorBody(400, "max_tokens: must be at most 8192"));

        Assert.Equal(GenerationErrorKind.InvalidRequest, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.Contains("max_tokens: must be at most 8192", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_classified_but_propagates()
    {
        await using var server = await FakeProviderServer.StartAsync(async context =>
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CreateProvider(server.BaseUrl, GenerousTimeout).CompleteAsync(SampleRequest, cancellation.Token));
    }

    protected async Task<GenerationError> FailAsync(Uri baseUrl)
    {
        var result = await CreateProvider(baseUrl, GenerousTimeout).CompleteAsync(SampleRequest, CancellationToken.None);
        Assert.False(result.IsSuccess, "expected a failure");
        return result.Error!;
    }

    /// <summary>The error the provider makes of one answer (status, body, headers) from a fake server of its own.</summary>
    protected async Task<GenerationError> FailOnAsync(int status, string body, Action<HttpResponse>? headers = null)
    {
        await using var server = await FakeProviderServer.StartAsync(FakeProviderServer.Json(status, body, headers));
        return await FailAsync(server.BaseUrl);
    }

    protected static JsonElement BodyOf(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    public void Dispose()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
    }
}
