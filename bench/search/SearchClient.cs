using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ClaudeMem.Bench.Ingest;

namespace ClaudeMem.Bench.Search;

/// <summary>HTTP calls of the bench: searches that must find something, and events for the projection's cost.</summary>
public sealed class SearchClient : IDisposable
{
    private readonly HttpClient _http;

    public SearchClient(Uri baseAddress, string apiKey, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public HttpClient Http => _http;

    /// <summary>An operation that sends the mix's bodies in turn and fails on anything but a non-empty 200.</summary>
    public Operation Searching(Mix mix) => async (sequence, ct) =>
    {
        using var content = new StringContent(mix.Bodies[(int)(sequence % mix.Bodies.Count)], Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("v1/search", content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) return $"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}";
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("results").GetArrayLength() == 0 ? "empty result" : null;
    };

    public async Task<(int Results, string MatchMode)> ProbeAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("v1/search", content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("results").GetArrayLength(), json.RootElement.GetProperty("matchMode").GetString()!);
    }

    /// <summary>
    /// POST /v1/events without generation, in project <see cref="IngestProject"/>: a prompt (projected into the search table) or
    /// a tool call (not). A prompt says none of the planted phrases: tens of
    /// thousands of them accumulated over runs made the phrase mix read them too.
    /// </summary>
    public Operation Recording(string eventType) => async (sequence, ct) =>
    {
        object payload = eventType == "UserPromptSubmit"
            ? new { prompt = $"request {sequence}: why do the workers starve when retries pile up under load? " + Filler }
            : new { tool_name = "Read", tool_input = new { file_path = $"src/api/handlers/h{sequence}.ts" }, tool_response = Filler };
        var body = JsonSerializer.Serialize(new
        {
            projectId = IngestProject, sourceType = "hook", eventType, occurredAtEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            sourceEventId = $"{eventType}-{_run}-{sequence}", payload,
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("v1/events?generate=false", content, ct);
        return (int)response.StatusCode == 201 ? null : $"{(int)response.StatusCode}";
    };

    public const string IngestProject = "ingest";

    /// <summary>Event ids unique to this run: a rerun on a kept database must record new events, not collide with the last run's.</summary>
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private static readonly string Filler = string.Join(' ', Enumerable.Repeat("the handler reads the session token and checks its version", 12));

    public void Dispose() => _http.Dispose();
}
