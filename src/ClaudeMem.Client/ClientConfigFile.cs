
namespace ClaudeMem.Client;

/// <summary>The file `claude-mem install` writes (~/.claude-mem/client.json, mode 0600).</summary>
public sealed record ClientConfigFile(
    string? ServerUrl,
    string? ApiKey,
    IReadOnlyList<string>? SkipTools = null,
    IReadOnlyList<string>? ExcludedProjects = null);
