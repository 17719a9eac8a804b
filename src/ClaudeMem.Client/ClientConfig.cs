using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaudeMem.Client;

/// <summary>What the hook and the MCP stdio server run with: environment first, then the config file, then defaults.</summary>
public sealed record ClientConfig(
    Uri? ServerUrl,
    string? ApiKey,
    IReadOnlySet<string> SkipTools,
    IReadOnlyList<string> ExcludedProjects,
    string? ProjectOverride,
    long SpoolMaxBytes)
{
    public const long DefaultSpoolMaxBytes = 10 * 1024 * 1024;

    /// <summary>Bookkeeping tools of the agent itself: nothing about the project to remember (the server ignores the same ones).</summary>
    public static readonly IReadOnlyList<string> DefaultSkipTools =
    [
        "TodoWrite", "TodoRead", "ExitPlanMode", "EnterPlanMode", "BashOutput", "KillShell", "KillBash",
        "AskUserQuestion", "ListMcpResourcesTool",
    ];

    public bool IsConfigured => ServerUrl is not null && !string.IsNullOrEmpty(ApiKey);

    public static ClientConfig Load(ClientPaths paths, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var file = ReadFile(paths.ConfigFile);
        var url = NonEmpty(environment(ClientEnvironment.ServerUrl)) ?? file?.ServerUrl;
        var key = NonEmpty(environment(ClientEnvironment.ApiKey)) ?? file?.ApiKey;
        var skip = List(environment(ClientEnvironment.SkipTools)) ?? file?.SkipTools ?? DefaultSkipTools;
        var excluded = List(environment(ClientEnvironment.ExcludedProjects)) ?? file?.ExcludedProjects ?? [];
        var maxBytes = long.TryParse(environment(ClientEnvironment.SpoolMaxBytes), out var m) && m > 0 ? m : DefaultSpoolMaxBytes;
        return new ClientConfig(ParseUrl(url), key, new HashSet<string>(skip, StringComparer.OrdinalIgnoreCase), excluded,
            NonEmpty(environment(ClientEnvironment.Project)), maxBytes);
    }

    public static ClientConfigFile? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), ClientJson.Default.ClientConfigFile) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static Uri? ParseUrl(string? url) =>
        Uri.TryCreate(url?.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IReadOnlyList<string>? List(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
