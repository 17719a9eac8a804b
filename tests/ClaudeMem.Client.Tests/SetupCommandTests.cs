using System.Text.Json.Nodes;
using ClaudeMem.Testing;

namespace ClaudeMem.Client.Tests;

/// <summary>`claude-mem install | uninstall | doctor` as processes, against temporary home folders and the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class SetupCommandTests(ServerStack server)
{
    private static readonly string[] Events = ["SessionStart", "UserPromptSubmit", "PostToolUse", "Stop", "SessionEnd"];

    private static Task<Processes.Outcome> ClaudeMem(HookHome home, params string[] args) =>
        Processes.RunAsync(Processes.ClaudeMemDll, args, new Dictionary<string, string?> { ["HOME"] = home.Home }, stdin: "", workingDirectory: home.Cwd);

    private static string Read(string path) => File.ReadAllText(path);
    private static string SettingsPath(HookHome home) => Path.Combine(home.Home, ".claude", "settings.json");
    private static string McpPath(HookHome home) => Path.Combine(home.Home, ".claude.json");
    private static string KeyPath(HookHome home) => Path.Combine(home.Home, ".claude-mem", "client.json");

    private Task<Processes.Outcome> InstallAsync(HookHome home, string? key = null, params string[] more) =>
        ClaudeMem(home, ["install", "--server-url", server.Url, "--api-key", key ?? server.WriteKey, .. more]);

    [Fact]
    public async Task Install_registers_every_hook_and_the_mcp_server_and_keeps_the_key_private()
    {
        using var home = new HookHome();
        var outcome = await InstallAsync(home);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());

        var settings = JsonNode.Parse(Read(SettingsPath(home)))!;
        foreach (var e in Events)
        {
            var command = settings["hooks"]![e]![0]!["hooks"]![0]!;
            Assert.Equal("command", command["type"]!.GetValue<string>());
            Assert.EndsWith($"claude-mem-hook {e}", command["command"]!.GetValue<string>());
            Assert.True(File.Exists(command["command"]!.GetValue<string>().Split(' ')[0]));
        }
        Assert.Equal("*", settings["hooks"]!["PostToolUse"]![0]!["matcher"]!.GetValue<string>());
        Assert.DoesNotContain(server.WriteKey, Read(SettingsPath(home)));

        var mcp = JsonNode.Parse(Read(McpPath(home)))!["mcpServers"]!["claude-mem"]!;
        Assert.Equal("stdio", mcp["type"]!.GetValue<string>());
        Assert.Equal("mcp", mcp["args"]!.AsArray().Last()!.GetValue<string>());
        Assert.DoesNotContain(server.WriteKey, Read(McpPath(home)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath(home)));
        var config = JsonNode.Parse(Read(KeyPath(home)))!;
        Assert.Equal(server.WriteKey, config["apiKey"]!.GetValue<string>());
        Assert.Equal(server.Url, config["serverUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task Install_keeps_other_settings_is_idempotent_and_uninstall_removes_exactly_what_it_added()
    {
        using var home = new HookHome();
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath(home))!);
        var original = """
            {
              "model": "opus",
              "hooks": {
                "PostToolUse": [
                  {
                    "matcher": "Bash",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "/usr/local/bin/lint-on-save"
                      }
                    ]
                  }
                ]
              }
            }

            """;
        File.WriteAllText(SettingsPath(home), original);
        var claudeJson = "{\n  \"numStartups\": 12,\n  \"mcpServers\": {\n    \"github\": {\n      \"type\": \"http\",\n      \"url\": \"https://example.invalid/mcp\"\n    }\n  }\n}\n";
        File.WriteAllText(McpPath(home), claudeJson);

        Assert.Equal(0, (await InstallAsync(home)).ExitCode);
        var once = (Read(SettingsPath(home)), Read(McpPath(home)), Read(KeyPath(home)));
        var settings = JsonNode.Parse(once.Item1)!;
        Assert.Equal("opus", settings["model"]!.GetValue<string>());
        Assert.Equal("/usr/local/bin/lint-on-save", settings["hooks"]!["PostToolUse"]![0]!["hooks"]![0]!["command"]!.GetValue<string>());
        Assert.Equal(2, settings["hooks"]!["PostToolUse"]!.AsArray().Count);
        Assert.NotNull(JsonNode.Parse(once.Item2)!["mcpServers"]!["github"]);

        Assert.Equal(0, (await InstallAsync(home)).ExitCode);
        Assert.Equal(once, (Read(SettingsPath(home)), Read(McpPath(home)), Read(KeyPath(home))));

        var removed = await ClaudeMem(home, "uninstall");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(original, Read(SettingsPath(home)));
        Assert.Equal(claudeJson, Read(McpPath(home)));
        Assert.False(File.Exists(KeyPath(home)));
    }

    [Fact]
    public async Task Uninstall_deletes_files_install_created_and_leaves_no_trace()
    {
        using var home = new HookHome();
        Assert.Equal(0, (await InstallAsync(home)).ExitCode);
        Assert.Equal(0, (await ClaudeMem(home, "uninstall")).ExitCode);
        Assert.False(File.Exists(SettingsPath(home)));
        Assert.False(File.Exists(McpPath(home)));
        Assert.False(File.Exists(KeyPath(home)));
    }

    [Fact]
    public async Task Dry_run_prints_the_diff_with_the_key_masked_and_writes_nothing()
    {
        using var home = new HookHome();
        var outcome = await InstallAsync(home, null, "--dry-run");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains($"+++ {SettingsPath(home)}", outcome.Stdout);
        Assert.Contains("+ ", outcome.Stdout);
        Assert.Contains("claude-mem-hook PostToolUse", outcome.Stdout);
        Assert.Contains("\"apiKey\": \"****\"", outcome.Stdout);
        Assert.DoesNotContain(server.WriteKey, outcome.Stdout);
        Assert.False(Directory.Exists(Path.Combine(home.Home, ".claude")));
        Assert.False(File.Exists(McpPath(home)));
        Assert.False(File.Exists(KeyPath(home)));
    }

    [Fact]
    public async Task Project_scope_writes_the_projects_settings_and_mcp_json()
    {
        using var home = new HookHome();
        var outcome = await InstallAsync(home, null, "--scope", "project");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.NotNull(JsonNode.Parse(Read(Path.Combine(home.Cwd, ".claude", "settings.json")))!["hooks"]!["Stop"]);
        Assert.NotNull(JsonNode.Parse(Read(Path.Combine(home.Cwd, ".mcp.json")))!["mcpServers"]!["claude-mem"]);
        Assert.False(File.Exists(SettingsPath(home)));
        Assert.DoesNotContain(server.WriteKey, Read(Path.Combine(home.Cwd, ".mcp.json")));
    }

    [Theory]
    [InlineData("--scope", "team", "--scope must be 'user' or 'project'")]
    [InlineData("--server-url", "ftp://x", "--server-url must be an http")]
    [InlineData("--bogus", "1", "unexpected argument '--bogus'")]
    public async Task Bad_arguments_fail_with_one_line(string option, string value, string message)
    {
        using var home = new HookHome();
        var outcome = await ClaudeMem(home, "install", "--server-url", server.Url, "--api-key", "k", option, value);
        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith("claude-mem: ", outcome.Stderr);
        Assert.Contains(message, outcome.Stderr);
        Assert.Single(outcome.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Install_without_a_url_and_no_terminal_says_what_is_missing()
    {
        using var home = new HookHome();
        var outcome = await ClaudeMem(home, "install", "--api-key", "k");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("claude-mem: --server-url is required", outcome.Stderr.Trim());
    }

    [Fact]
    public async Task Invalid_settings_json_is_refused_and_left_untouched()
    {
        using var home = new HookHome();
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath(home))!);
        File.WriteAllText(SettingsPath(home), "{ \"hooks\": [ ");
        var outcome = await InstallAsync(home);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("is not valid JSON", outcome.Stderr);
        Assert.Equal("{ \"hooks\": [ ", Read(SettingsPath(home)));
        Assert.False(File.Exists(KeyPath(home)));
    }

    [Fact]
    public async Task Doctor_passes_after_install_with_a_read_write_key()
    {
        using var home = new HookHome();
        Assert.Equal(0, (await InstallAsync(home)).ExitCode);
        var outcome = await ClaudeMem(home, "doctor");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal("claude-mem doctor: all checks passed", outcome.Stdout.Trim());
    }

    [Fact]
    public async Task Doctor_names_a_key_without_write_scope_with_the_fix()
    {
        using var home = new HookHome();
        Assert.Equal(0, (await InstallAsync(home, server.ReadKey)).ExitCode);
        var outcome = await ClaudeMem(home, "doctor");
        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.Stdout.Split('\n'), l => l.StartsWith("problem:"));
        Assert.Contains("lacks the scope(s) memories:write", line);
        Assert.Contains("fix: create a key with", line);
    }

    [Fact]
    public async Task Doctor_reports_a_revoked_or_unknown_key_and_a_server_that_is_down()
    {
        using var home = new HookHome();
        Assert.Equal(0, (await InstallAsync(home, "cmem_" + new string('0', 48))).ExitCode);
        var unknownKey = await ClaudeMem(home, "doctor");
        Assert.Contains("does not accept the API key", unknownKey.Stdout);

        Assert.Equal(0, (await ClaudeMem(home, "install", "--server-url", $"http://127.0.0.1:{ServerProcess.FreePort()}", "--api-key", server.WriteKey)).ExitCode);
        var down = await ClaudeMem(home, "doctor");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("does not answer", down.Stdout);
        Assert.Contains("fix: start it", down.Stdout);
    }

    [Fact]
    public async Task Doctor_on_a_fresh_home_lists_every_missing_piece_one_line_each()
    {
        using var home = new HookHome();
        var outcome = await ClaudeMem(home, "doctor");
        Assert.Equal(1, outcome.ExitCode);
        var problems = outcome.Stdout.Split('\n').Where(l => l.StartsWith("problem:")).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("no server configured"));
        Assert.Contains(problems, p => p.Contains("hooks missing for SessionStart, UserPromptSubmit, PostToolUse, Stop, SessionEnd"));
        Assert.Contains(problems, p => p.Contains("MCP server 'claude-mem' is not registered"));
        Assert.All(problems, p => Assert.Contains("; fix: ", p));
    }

    [Fact]
    public async Task Doctor_reports_spooled_and_dropped_requests()
    {
        using var home = new HookHome();
        Assert.Equal(0, (await InstallAsync(home)).ExitCode);
        var spool = Path.Combine(home.Home, ".claude-mem", "spool");
        Directory.CreateDirectory(spool);
        File.WriteAllText(Path.Combine(spool, "000000000000001-0000001-x.json"), "{}");
        File.WriteAllText(Path.Combine(spool, "dropped.count"), "7");
        var outcome = await ClaudeMem(home, "doctor");
        Assert.Contains("1 hook request(s) wait in", outcome.Stdout);
        Assert.Contains("7 hook request(s) were dropped", outcome.Stdout);
    }
}
