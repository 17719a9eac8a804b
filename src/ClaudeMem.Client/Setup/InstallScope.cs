namespace ClaudeMem.Client.Setup;

/// <summary>Which Claude Code files an install touches.</summary>
public sealed record InstallScope(string Name, string SettingsFile, string McpFile)
{
    public const string User = "user";
    public const string Project = "project";

    public static InstallScope Of(string? name, ClientPaths paths, string projectDirectory) => (name ?? User) switch
    {
        User => new(User, paths.UserSettingsFile, paths.UserMcpFile),
        Project => new(Project, Path.Combine(projectDirectory, ".claude", "settings.json"), Path.Combine(projectDirectory, ".mcp.json")),
        _ => throw new SetupException($"--scope must be '{User}' or '{Project}', got '{name}'"),
    };
}
