using System.Net;
using System.Text.Json;
using ClaudeMem.Client.Api;
using ModelContextProtocol;

namespace ClaudeMem.Mcp;

/// <summary>
/// Where the tools send their calls: the server's HTTP API with one caller's key, and the
/// projects a call covers when it names none (stdio: the git project Claude Code runs in).
/// </summary>
public sealed class McpBackend(ServerApi api, IReadOnlyList<string> defaultProjects)
{
    public IReadOnlyList<string> DefaultProjects => defaultProjects;

    public IReadOnlyList<string> ProjectsOr(IReadOnlyList<string>? projects)
    {
        var chosen = projects is { Count: > 0 } ? projects : defaultProjects;
        return chosen.Count > 0
            ? chosen
            : throw new McpException("projects is required: name the project(s) to read, e.g. [\"my-repo\"]");
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken ct) => Answer(await SendAsync("GET", path, null, ct));

    public async Task<JsonElement> PostAsync(string path, string body, CancellationToken ct) => Answer(await SendAsync("POST", path, body, ct));

    private async Task<ApiResponse> SendAsync(string method, string path, string? body, CancellationToken ct)
    {
        try
        {
            return await api.SendAsync(method, path, body, ct);
        }
        catch (HttpRequestException e)
        {
            throw new McpException($"the claude-mem server at {api.BaseUrl} does not answer ({e.Message}); run 'claude-mem doctor'");
        }
    }

    /// <summary>The server's JSON on success; its error message as a tool error the model can read and correct.</summary>
    private static JsonElement Answer(ApiResponse response)
    {
        JsonElement body = default;
        try { body = JsonDocument.Parse(response.Body).RootElement.Clone(); }
        catch (JsonException) when (!response.IsSuccess) { }
        if (response.IsSuccess) return body;

        var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : response.Body;
        var field = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String
            ? $" (field {f.GetString()})"
            : "";
        throw response.Status switch
        {
            HttpStatusCode.Unauthorized => new McpException($"the API key was refused: {message}"),
            HttpStatusCode.Forbidden => new McpException($"not allowed with this API key: {message}"),
            HttpStatusCode.NotFound => new McpException($"not found: {message}"),
            _ => new McpException($"invalid request{field}: {message}"),
        };
    }
}
