using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ClaudeMem.Bench.Ingest;

/// <summary>POST /v1/events over keep-alive connections, one per worker; anything but 201 is a failure.</summary>
public sealed class IngestClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Func<long, string> _body;

    /// <param name="body">The request body for a sequence number; <see cref="EventBodies.Body"/> unless given.</param>
    public IngestClient(Uri baseAddress, string apiKey, int concurrency, Func<long, string>? body = null)
    {
        _body = body ?? EventBodies.Body;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public async Task<string?> PostEventAsync(long sequence, CancellationToken ct)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(_body(sequence)));
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync("v1/events", content, ct);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            // Consume the body: a request is only done once its response has been read.
            await response.Content.CopyToAsync(Stream.Null, ct);
            return null;
        }
        var body = await response.Content.ReadAsStringAsync(ct);
        return $"HTTP {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}";
    }

    public void Dispose() => _http.Dispose();
}
