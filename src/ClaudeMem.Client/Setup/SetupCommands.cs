using ClaudeMem.Client.Hooks;

namespace ClaudeMem.Client.Setup;

/// <summary>The `claude-mem install | uninstall | doctor` verbs. They load nothing of the server.</summary>
public static class SetupCommands
{
    public const string Usage = """
          install [--server-url URL] [--api-key KEY] [--scope user|project] [--hook-command PATH] [--dry-run]
                                           connect Claude Code: hooks, MCP server, key in ~/.claude-mem/client.json
          uninstall [--scope user|project] [--dry-run]   remove exactly what install added
          doctor                           check server, key scopes, hooks, MCP registration, spool
          mcp                              the MCP server on stdio (Claude Code starts it)
        """;

    public static async Task<int> RunAsync(string verb, IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr,
        ClientPaths paths, string projectDirectory, CancellationToken ct)
    {
        try
        {
            return verb switch
            {
                "install" => Install(args, stdin, stdout, paths, projectDirectory),
                "uninstall" => Uninstall(args, stdout, paths, projectDirectory),
                "doctor" => await DoctorAsync(args, stdout, paths, projectDirectory, ct),
                _ => throw new SetupException($"unknown verb '{verb}'"),
            };
        }
        catch (Exception e) when (e is SetupException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"claude-mem: {e.Message}");
            return 1;
        }
    }

    private static int Install(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, ClientPaths paths, string projectDirectory)
    {
        var a = SetupArguments.Parse(args, ["--server-url", "--api-key", "--scope", "--hook-command"], ["--dry-run"]);
        var scope = InstallScope.Of(a["--scope"], paths, projectDirectory);
        var existing = ClientConfig.ReadFile(paths.ConfigFile);
        var url = a["--server-url"] ?? Environment.GetEnvironmentVariable(ClientEnvironment.ServerUrl) ?? existing?.ServerUrl
                  ?? Prompt(stdin, stdout, "server URL (e.g. http://127.0.0.1:37877): ", "--server-url");
        var key = a["--api-key"] ?? Environment.GetEnvironmentVariable(ClientEnvironment.ApiKey) ?? existing?.ApiKey
                  ?? Prompt(stdin, stdout, "API key (memories:read,memories:write): ", "--api-key");
        var serverUrl = ClientConfig.ParseUrl(url) ?? throw new SetupException($"--server-url must be an http:// or https:// URL, got '{url}'");
        if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace)) throw new SetupException("--api-key must be a key without spaces");

        var hook = a["--hook-command"] ?? DefaultHookExecutable(paths);
        if (!File.Exists(hook)) throw new SetupException($"the hook executable {hook} does not exist; build it or pass --hook-command PATH");
        var options = new Installer.Options(serverUrl, key.Trim(), scope, Path.GetFullPath(hook), McpCommand(), a.Has("--dry-run"));
        var changes = Installer.PlanInstall(options, paths);
        Installer.Apply(changes, options.DryRun, stdout);
        if (options.DryRun) stdout.WriteLine("dry run: nothing was written");
        else stdout.WriteLine($"installed for Claude Code ({scope.Name} scope): hooks in {scope.SettingsFile}, MCP server '{ClaudeSettings.McpServerName}' in {scope.McpFile}, key in {paths.ConfigFile}; check with 'claude-mem doctor'");
        return 0;
    }

    private static int Uninstall(IReadOnlyList<string> args, TextWriter stdout, ClientPaths paths, string projectDirectory)
    {
        var a = SetupArguments.Parse(args, ["--scope"], ["--dry-run"]);
        var scope = InstallScope.Of(a["--scope"], paths, projectDirectory);
        Installer.Apply(Installer.PlanUninstall(scope, paths), a.Has("--dry-run"), stdout);
        stdout.WriteLine(a.Has("--dry-run") ? "dry run: nothing was written" : $"uninstalled from Claude Code ({scope.Name} scope)");
        return 0;
    }

    private static async Task<int> DoctorAsync(IReadOnlyList<string> args, TextWriter stdout, ClientPaths paths, string projectDirectory, CancellationToken ct)
    {
        SetupArguments.Parse(args, [], []);
        var problems = await Doctor.CheckAsync(paths, projectDirectory, ct);
        foreach (var problem in problems) stdout.WriteLine(problem);
        stdout.WriteLine(problems.Count == 0 ? "claude-mem doctor: all checks passed" : $"claude-mem doctor: {problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    }

    private static string Prompt(TextReader stdin, TextWriter stdout, string question, string option)
    {
        if (!Console.IsInputRedirected)
        {
            stdout.Write(question);
            if (stdin.ReadLine()?.Trim() is { Length: > 0 } answer) return answer;
        }
        throw new SetupException($"{option} is required");
    }

    /// <summary>A native hook published to ~/.claude-mem/bin wins; else the one built beside this executable.</summary>
    private static string DefaultHookExecutable(ClientPaths paths)
    {
        var native = Path.Combine(paths.DataDirectory, "bin", ClaudeSettings.HookExecutableName);
        return File.Exists(native) ? native : Path.Combine(AppContext.BaseDirectory, ClaudeSettings.HookExecutableName);
    }

    /// <summary>How Claude Code should start `claude-mem mcp`: this very executable (through dotnet when run as a dll).</summary>
    private static IReadOnlyList<string> McpCommand()
    {
        var process = Environment.ProcessPath ?? "claude-mem";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Path.Combine(AppContext.BaseDirectory, "claude-mem.dll"), "mcp"]
            : [process, "mcp"];
    }
}
