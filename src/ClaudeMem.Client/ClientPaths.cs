namespace ClaudeMem.Client;

/// <summary>Where the client keeps its files: all under ~/.claude-mem, private to the user.</summary>
public sealed record ClientPaths(string Home)
{
    /// <summary>The user's home as the process sees it ($HOME on Unix), so tests can point it elsewhere.</summary>
    public static ClientPaths FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public string DataDirectory => Path.Combine(Home, ".claude-mem");
    /// <summary>Server URL and API key written by `claude-mem install` (mode 0600).</summary>
    public string ConfigFile => Path.Combine(DataDirectory, "client.json");
    public string SpoolDirectory => Path.Combine(DataDirectory, "spool");
    public string ClaudeDirectory => Path.Combine(Home, ".claude");
    public string UserSettingsFile => Path.Combine(ClaudeDirectory, "settings.json");
    /// <summary>Claude Code keeps user-scope MCP servers in ~/.claude.json under mcpServers.</summary>
    public string UserMcpFile => Path.Combine(Home, ".claude.json");

    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void EnsurePrivateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, PrivateDirectory);
    }

    /// <summary>Writes a whole file atomically (temp file, then rename), created with owner-only permissions.</summary>
    public static void WritePrivateFile(string path, string content)
    {
        EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFile;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        File.Move(temp, path, overwrite: true);
    }
}
