using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Keys;

/// <summary>How Claude Code connects to this server: the installer (hooks and MCP in one command) or the MCP server alone.</summary>
public sealed record ConnectInfo(string ServerUrl, string McpUrl, ConnectCommands Commands)
{
    public const string McpPath = "/v1/mcp";
    public const string McpServerName = "claude-mem";

    /// <summary>Where the key goes in the commands when the caller has not just minted one.</summary>
    public const string KeyPlaceholder = "<your-api-key>";

    public static ConnectInfo For(ServerSettings settings, HttpRequest request, string? rawKey = null)
    {
        var server = (settings.PublicUrl?.ToString() ?? $"{request.Scheme}://{request.Host}").TrimEnd('/');
        var mcp = server + McpPath;
        var key = rawKey ?? KeyPlaceholder;
        return new ConnectInfo(server, mcp, new ConnectCommands(
            Install: $"CLAUDE_MEM_SERVER_URL={server} CLAUDE_MEM_API_KEY={key} claude-mem install",
            Mcp: $"claude mcp add --transport http {McpServerName} {mcp} --header \"Authorization: Bearer {key}\""));
    }
}

public sealed record ConnectCommands(string Install, string Mcp);
