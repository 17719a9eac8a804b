using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ClaudeMem.Client.Api;

/// <summary>The server's HTTP API as the client pieces use it: JSON in, JSON out, the API key on every request.</summary>
public sealed class ServerApi : IDisposable
{
    public const string StartSessionPath = "/v1/sessions/start";

    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly string? _apiKey;

    /// <summary>A client of its own (the hook, the stdio MCP server, doctor).</summary>
    public ServerApi(Uri baseUrl, string? apiKey) : this(CreateClient(baseUrl), apiKey) => _ownsClient = true;

    /// <summary>A shared client (its BaseAddress set) with one caller's key, e.g. per MCP request on the server.</summary>
    public ServerApi(HttpClient http, string? apiKey) => (_http, _apiKey) = (http, apiKey);

    public static HttpClient CreateClient(Uri baseUrl) => new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseUrl,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Uri BaseUrl => _http.BaseAddress!;

    public async Task<ApiResponse> SendAsync(string method, string path, string? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (!string.IsNullOrEmpty(_apiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request, ct);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public Task<ApiResponse> GetAsync(string path, CancellationToken ct) => SendAsync("GET", path, null, ct);

    public Task<ApiResponse> PostAsync(string path, string body, CancellationToken ct) => SendAsync("POST", path, body, ct);

    /// <summary>Sends one request the way the hook needs it: classified, and with the session started lazily on a 404.</summary>
    public async Task<(Delivery Delivery, ApiResponse? Response)> DeliverAsync(OutgoingRequest request, CancellationToken ct)
    {
        try
        {
            var response = await SendAsync(request.Method, request.Path, request.Body, ct);
            if (response.Status == HttpStatusCode.NotFound && request.SessionStartBody is not null)
            {
                var started = await PostAsync(StartSessionPath, request.SessionStartBody, ct);
                if (!started.IsSuccess) return (Classify(started.Status), started);
                response = await SendAsync(request.Method, request.Path, request.Body, ct);
            }
            return (response.IsSuccess ? Delivery.Delivered : Classify(response.Status), response);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return (Delivery.Failed, null);
        }
    }

    private static Delivery Classify(HttpStatusCode status) => (int)status switch
    {
        401 or 403 or 408 or 429 or >= 500 => Delivery.Failed,
        _ => Delivery.Rejected,
    };

    public void Dispose()
    {
        if (_ownsClient) _http.Dispose();
    }
}
