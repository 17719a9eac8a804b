using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Client.Tests;

/// <summary>Runs tools/mcp/drive.mjs: the official MCP TypeScript SDK client, pinned in tools/mcp, against our servers.</summary>
public static class McpDriver
{
    public static string ToolsDirectory { get; } = FindToolsDirectory();

    public static async Task<JsonNode> RunAsync(object spec)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(ToolsDirectory, "drive.mjs"));
        info.ArgumentList.Add(JsonSerializer.Serialize(spec));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout;
        Assert.True(process.ExitCode == 0 && text.Length > 0, $"drive.mjs exited {process.ExitCode}: {text}\n{await stderr}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>`claude-mem mcp` as Claude Code would start it, in the given project folder.</summary>
    public static object Stdio(HookHome home, string url, string key, params object[] steps) => new
    {
        transport = "stdio",
        command = "dotnet",
        args = new[] { Processes.ClaudeMemDll, "mcp" },
        env = new Dictionary<string, string?>
        {
            ["HOME"] = home.Home,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            ["CLAUDE_MEM_SERVER_URL"] = url,
            ["CLAUDE_MEM_API_KEY"] = key,
        }.Where(p => p.Value is not null).ToDictionary(),
        cwd = home.Cwd,
        steps,
    };

    public static object Http(string url, string? key, params object[] steps) => new { transport = "http", url = url + "/v1/mcp", key, steps };

    public static object List() => new { op = "list" };
    public static object Call(string name, object arguments) => new { op = "call", name, arguments };

    private static string FindToolsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "mcp");
            if (File.Exists(Path.Combine(candidate, "drive.mjs"))) return candidate;
        }
        throw new InvalidOperationException("tools/mcp/drive.mjs not found above " + AppContext.BaseDirectory);
    }
}
