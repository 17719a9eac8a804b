using ClaudeMem.Client.Setup;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Mcp;

namespace ClaudeMem.Http.Keys;

/// <summary>
/// How Claude Code connects to this server, as two alternatives: `claude-mem install` (hooks, the MCP
/// server on stdio and the key, in one command, with the installer's own flags) or the MCP server
/// alone over HTTP (for a read-only key handed to an MCP client). Both name the MCP server as the installer does.
/// </summary>
public sealed record ConnectInfo(string ServerUrl, string McpUrl, ConnectCommands Commands)
{
    /// <summary>Where the key goes in the commands when the caller has not just minted one.</summary>
    public const string KeyPlaceholder = "<your-api-key>";

    public static ConnectInfo For(ServerSettings settings, HttpRequest request, string? rawKey = null)
    {
        var server = (settings.PublicUrl?.ToString() ?? $"{request.Scheme}://{request.Host}").TrimEnd('/');
        var mcp = server + McpHosting.Route;
        var key = rawKey ?? KeyPlaceholder;
        return new ConnectInfo(server, mcp, new ConnectCommands(
            Install: $"claude-mem install --server-url {Quoted(server)} --api-key {Quoted(key)}",
            Mcp: $"claude mcp add --transport http {ClaudeSettings.McpServerName} {Quoted(mcp)} --header {Quoted($"Authorization: Bearer {key}")}"));
    }

    /// <summary>A POSIX shell word: as is when it holds only safe characters, else single-quoted (the placeholder's '&lt;' included).</summary>
    public static string Quoted(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@%+=,".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
