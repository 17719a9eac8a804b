using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Client.Setup;

/// <summary>
/// `claude-mem install` and `uninstall`: our hooks into Claude Code's settings, our MCP server into
/// its MCP file, and the server URL and key into ~/.claude-mem/client.json (mode 0600, never into
/// a file a repository might commit). Running install twice changes nothing the second time.
/// </summary>
public static class Installer
{
    public sealed record Options(Uri ServerUrl, string ApiKey, InstallScope Scope, string HookExecutable, IReadOnlyList<string> McpCommand, bool DryRun);

    /// <summary>One file's planned content; null Content deletes it.</summary>
    public sealed record FileChange(string Path, string Before, string? After, bool Private = false);

    public static IReadOnlyList<FileChange> PlanInstall(Options options, ClientPaths paths)
    {
        var settings = ClaudeSettings.Read(options.Scope.SettingsFile);
        var settingsBefore = FileText(options.Scope.SettingsFile);
        ClaudeSettings.AddHooks(settings, options.HookExecutable);

        var mcp = ClaudeSettings.Read(options.Scope.McpFile);
        var mcpBefore = FileText(options.Scope.McpFile);
        ClaudeSettings.AddMcpServer(mcp, options.McpCommand);

        var existing = ClientConfig.ReadFile(paths.ConfigFile);
        var config = new ClientConfigFile(options.ServerUrl.ToString().TrimEnd('/'), options.ApiKey, existing?.SkipTools, existing?.ExcludedProjects);
        return
        [
            new(options.Scope.SettingsFile, settingsBefore, Unchanged(settingsBefore, settings)),
            new(options.Scope.McpFile, mcpBefore, Unchanged(mcpBefore, mcp)),
            new(paths.ConfigFile, FileText(paths.ConfigFile), JsonSerializer.Serialize(config, ClientJson.Default.ClientConfigFile) + "\n", Private: true),
        ];
    }

    /// <summary>Removes our hooks and MCP entry from the scope's files; the key file goes too unless the other scope still uses it.</summary>
    public static IReadOnlyList<FileChange> PlanUninstall(InstallScope scope, ClientPaths paths)
    {
        var settings = ClaudeSettings.Read(scope.SettingsFile);
        var settingsBefore = FileText(scope.SettingsFile);
        ClaudeSettings.RemoveHooks(settings);
        var mcp = ClaudeSettings.Read(scope.McpFile);
        var mcpBefore = FileText(scope.McpFile);
        ClaudeSettings.RemoveMcpServer(mcp);

        var changes = new List<FileChange>
        {
            new(scope.SettingsFile, settingsBefore, EmptyToDelete(settingsBefore, settings)),
            new(scope.McpFile, mcpBefore, EmptyToDelete(mcpBefore, mcp)),
        };
        var userStillInstalled = scope.Name != InstallScope.User && ClaudeSettings.InstalledHooks(ClaudeSettings.Read(paths.UserSettingsFile)).Count > 0;
        if (File.Exists(paths.ConfigFile) && !userStillInstalled)
            changes.Add(new(paths.ConfigFile, FileText(paths.ConfigFile), null, Private: true));
        return changes;
    }

    /// <summary>Applies the changes, or with a dry run prints them as a diff (the key masked) and touches nothing.</summary>
    public static void Apply(IReadOnlyList<FileChange> changes, bool dryRun, TextWriter output)
    {
        foreach (var change in changes.Where(c => c.Before != (c.After ?? "")))
        {
            if (dryRun)
            {
                output.Write(TextDiff.Unified(change.Path, Mask(change), change.After is null ? "" : Mask(change with { Before = change.After })));
                if (change.After is null) output.WriteLine($"  (would delete {change.Path})");
                continue;
            }
            if (change.After is null) File.Delete(change.Path);
            else if (change.Private) ClientPaths.WritePrivateFile(change.Path, change.After);
            else WriteKeepingMode(change.Path, change.After);
        }
    }

    /// <summary>Content only; the key never reaches a terminal or a log.</summary>
    private static string Mask(FileChange change)
    {
        if (!change.Private || change.Before.Length == 0) return change.Before;
        var parsed = JsonNode.Parse(change.Before) as JsonObject;
        if (parsed?["apiKey"] is not null) parsed["apiKey"] = "****";
        return parsed is null ? "" : ClaudeSettings.Render(parsed);
    }

    private static string? Unchanged(string before, JsonObject after)
    {
        var rendered = ClaudeSettings.Render(after);
        return Normalized(before) == rendered ? before : rendered;
    }

    private static string? EmptyToDelete(string before, JsonObject after) =>
        after.Count == 0 && before.Length > 0 && Normalized(before) != "{}\n" ? null : Unchanged(before, after);

    private static string Normalized(string text)
    {
        try { return JsonNode.Parse(text) is JsonObject o ? ClaudeSettings.Render(o) : text; }
        catch (JsonException) { return text; }
    }

    private static string FileText(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static void WriteKeepingMode(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows() && File.Exists(path)) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        File.Move(temp, path, overwrite: true);
    }
}
