using System.Diagnostics;
using ClaudeMem.Events.Access;
using ClaudeMem.Http.Keys;
using ClaudeMem.Http.Mcp;

namespace ClaudeMem.Http.Tests.Operator;

/// <summary>The commands /v1/connect and a minted key print are the installer's real command line, and they run.</summary>
public class ConnectCommandTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Api Api => new(fixture.Host.Server.CreateClient());

    [Fact]
    public async Task The_printed_install_command_runs_as_printed_with_the_installers_flags()
    {
        var admin = await fixture.CreateKeyAsync(team: "connect-run");
        var minted = await Api.PostAsync("/v1/keys", new { name = "hooks", scopes = new[] { Scopes.Read, Scopes.Write } }, admin);
        Assert.True(minted.Code == 201, minted.ToString());
        var raw = minted.Body!["key"]!.GetValue<string>();
        var connect = minted.Body["connect"]!;
        var server = connect["serverUrl"]!.GetValue<string>();
        Assert.Equal(server + McpHosting.Route, connect["mcpUrl"]!.GetValue<string>());
        Assert.Equal($"claude mcp add --transport http claude-mem {server}{McpHosting.Route} --header 'Authorization: Bearer {raw}'",
            connect["commands"]!["mcp"]!.GetValue<string>());

        var install = connect["commands"]!["install"]!.GetValue<string>();
        Assert.Equal($"claude-mem install --server-url {server} --api-key {raw}", install);
        var home = ServerProcess.TempDirectory("cm-connect-home");
        try
        {
            var (exit, stdout, stderr) = await RunInShellAsync(install + " --dry-run", home);
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains("dry run: nothing was written", stdout);
            Assert.Contains(server, stdout);
            Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task The_placeholder_commands_quote_the_placeholder_so_a_shell_reads_it_as_one_word()
    {
        var reader = await fixture.CreateKeyAsync(Scopes.Read, team: "connect-placeholder");
        var connect = await Api.GetAsync("/v1/connect", reader);
        Assert.True(connect.Code == 200, connect.ToString());
        Assert.EndsWith($"--api-key '{ConnectInfo.KeyPlaceholder}'", connect.Body!["commands"]!["install"]!.GetValue<string>());
        Assert.Equal("'it'\\''s'", ConnectInfo.Quoted("it's"));
    }

    /// <summary>The command through bash, with the built `claude-mem` first on PATH, a fresh HOME and no client settings in the environment.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunInShellAsync(string command, string home)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("CLAUDE_MEM_")).ToList()) info.Environment.Remove(name);
        info.Environment["HOME"] = home;
        info.Environment["PATH"] = Path.GetDirectoryName(typeof(ServerApp).Assembly.Location) + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
