using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ClaudeMem.Http.Tests;

/// <summary>Thin request helpers over the in-memory test server: real pipeline, real database.</summary>
public sealed class Api(HttpClient client)
{
    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public sealed record Reply(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)
    {
        public int Code => (int)Status;
        public string? Error => Body?["error"]?.GetValue<string>();
        public string? Message => Body?["message"]?.GetValue<string>();
        public override string ToString() => $"{Code} {Body?.ToJsonString()}";
    }

    public Task<Reply> PostAsync(string path, object? body, string? key = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, path, body is string raw ? raw : JsonSerializer.Serialize(body), key, configure);

    public Task<Reply> GetAsync(string path, string? key = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, path, null, key, configure);

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? json, string? key, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        configure?.Invoke(request);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (text.Length > 0)
        {
            try { body = JsonNode.Parse(text); }
            catch (JsonException) { throw new Xunit.Sdk.XunitException($"{method} {path} answered {(int)response.StatusCode} with a non-JSON body: {text}"); }
        }
        return new Reply(response.StatusCode, body, response);
    }

    public static object Event(string projectId, string? sourceEventId = null, string? contentSessionId = null, Guid? serverSessionId = null) => new
    {
        projectId,
        serverSessionId,
        contentSessionId,
        sourceType = "hook",
        eventType = "PostToolUse",
        occurredAtEpoch = Now,
        payload = new { tool_name = "Read", tool_input = new { file_path = "src/app.ts" } },
        sourceEventId,
    };
}
