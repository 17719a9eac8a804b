using System.Text.Json;
using System.Text.Json.Nodes;
using ClaudeMem.Client.Hooks;

namespace ClaudeMem.Client.Setup;

/// <summary>
/// Our entries in Claude Code's JSON files: hooks in settings.json, the MCP server in
/// ~/.claude.json (user scope) or .mcp.json (project scope). Merges leave every other key,
/// hook and server as it was; ours are recognised by the hook executable's name.
/// </summary>
public static class ClaudeSettings
{
    public const string HookExecutableName = "claude-mem-hook";
    public const string McpServerName = "claude-mem";

    /// <summary>Claude Code's own kill timeout per hook, in seconds; the hook keeps to a shorter budget itself.</summary>
    public static int TimeoutSecondsOf(string hookEvent) => hookEvent == HookEvents.SessionStart ? 10 : 5;

    /// <summary>PostToolUse hooks are chosen by a tool matcher; the other events take no matcher.</summary>
    public static string? MatcherOf(string hookEvent) => hookEvent == HookEvents.PostToolUse ? "*" : null;

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, TypeInfoResolver = null };

    /// <summary>Reads a JSON object file; a missing file is an empty object, anything but an object is an error naming the file.</summary>
    public static JsonObject Read(string path)
    {
        if (!File.Exists(path)) return new JsonObject();
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new SetupException($"{path} does not hold a JSON object; fix or move it, then run this again");
        }
        catch (JsonException e)
        {
            throw new SetupException($"{path} is not valid JSON ({e.Message.Split('\n')[0]}); fix or move it, then run this again");
        }
    }

    public static string Render(JsonObject root) => root.ToJsonString(Indented) + "\n";

    public static bool IsOurCommand(string? command) => command?.Contains(HookExecutableName, StringComparison.Ordinal) == true;

    public static string HookCommand(string hookExecutable, string hookEvent) => $"{Quote(hookExecutable)} {hookEvent}";

    /// <summary>Adds (or refreshes) one hook per event; other hooks are untouched.</summary>
    public static void AddHooks(JsonObject settings, string hookExecutable)
    {
        RemoveHooks(settings);
        var hooks = settings["hooks"] as JsonObject ?? new JsonObject();
        settings["hooks"] = hooks;
        foreach (var hookEvent in HookEvents.All)
        {
            var groups = hooks[hookEvent] as JsonArray ?? new JsonArray();
            hooks[hookEvent] = groups;
            var group = new JsonObject();
            if (MatcherOf(hookEvent) is { } matcher) group["matcher"] = matcher;
            group["hooks"] = new JsonArray(new JsonObject
            {
                ["type"] = "command",
                ["command"] = HookCommand(hookExecutable, hookEvent),
                ["timeout"] = TimeoutSecondsOf(hookEvent),
            });
            groups.Add((JsonNode)group);
        }
    }

    /// <summary>Removes our hook commands, then any group, event list or hooks object that only they filled.</summary>
    public static void RemoveHooks(JsonObject settings)
    {
        if (settings["hooks"] is not JsonObject hooks) return;
        foreach (var (hookEvent, value) in hooks.ToList())
        {
            if (value is not JsonArray groups) continue;
            foreach (var group in groups.OfType<JsonObject>().ToList())
            {
                if (group["hooks"] is not JsonArray commands) continue;
                var ours = commands.OfType<JsonObject>().Where(c => IsOurCommand(c["command"]?.GetValueKind() == JsonValueKind.String ? c["command"]!.GetValue<string>() : null)).ToList();
                if (ours.Count == 0) continue;
                foreach (var c in ours) commands.Remove(c);
                if (commands.Count == 0) groups.Remove(group);
            }
            if (groups.Count == 0) hooks.Remove(hookEvent);
        }
        if (hooks.Count == 0) settings.Remove("hooks");
    }

    /// <summary>The events that have our hook, and the hook executables they name.</summary>
    public static IReadOnlyDictionary<string, string> InstalledHooks(JsonObject settings)
    {
        var found = new Dictionary<string, string>();
        if (settings["hooks"] is not JsonObject hooks) return found;
        foreach (var (hookEvent, value) in hooks)
        {
            foreach (var command in (value as JsonArray ?? []).OfType<JsonObject>()
                .SelectMany(g => g["hooks"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(c => c["command"]?.GetValueKind() == JsonValueKind.String ? c["command"]!.GetValue<string>() : null))
            {
                if (IsOurCommand(command)) found[hookEvent] = command!;
            }
        }
        return found;
    }

    public static void AddMcpServer(JsonObject file, IReadOnlyList<string> command)
    {
        var servers = file["mcpServers"] as JsonObject ?? new JsonObject();
        file["mcpServers"] = servers;
        servers[McpServerName] = new JsonObject
        {
            ["type"] = "stdio",
            ["command"] = command[0],
            ["args"] = new JsonArray(command.Skip(1).Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
        };
    }

    public static void RemoveMcpServer(JsonObject file)
    {
        if (file["mcpServers"] is not JsonObject servers) return;
        servers.Remove(McpServerName);
        if (servers.Count == 0) file.Remove("mcpServers");
    }

    public static bool HasMcpServer(JsonObject file) => file["mcpServers"] is JsonObject servers && servers.ContainsKey(McpServerName);

    /// <summary>The executable path of a hook command (quoted or not).</summary>
    public static string ExecutableOf(string command) =>
        command.StartsWith('\'') && command.IndexOf('\'', 1) is > 0 and var end ? command[1..end].Replace("'\\''", "'") : command.Split(' ')[0];

    private static string Quote(string path) =>
        path.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '~' or '+') ? path : "'" + path.Replace("'", "'\\''") + "'";
}
