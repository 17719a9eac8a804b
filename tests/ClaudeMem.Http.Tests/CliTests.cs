using System.Net.Sockets;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests;

public class CliTests
{
    private static async Task<string> DatabaseAsync() => await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();

    private static bool IsListening(int port)
    {
        try { using var client = new TcpClient("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
    }

    private static void AssertOneLineFailure(CliProcess.Outcome outcome, string mentions)
    {
        Assert.True(outcome.ExitCode != 0, outcome.ToString());
        Assert.Contains(mentions, outcome.Stderr);
        Assert.StartsWith("claude-mem: ", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Theory]
    [InlineData(EnvVars.AuthMode, "local-dev", "not allowed in Docker")]
    [InlineData(EnvVars.AllowLocalDevBypass, "true", "must not be set in Docker")]
    [InlineData(EnvVars.QueueEngine, "in-process", "not allowed in Docker")]
    [InlineData(EnvVars.RedisUrl, "http://cache", "must start with redis://")]
    [InlineData(EnvVars.DatabaseUrl, "", "is required")]
    [InlineData(EnvVars.Port, "99999", "port number")]
    public async Task Server_start_refuses_to_boot_on_a_violated_rule_before_listening(string variable, string value, string message)
    {
        var port = ServerProcess.FreePort();
        var env = CliProcess.ValidEnvironment("Host=127.0.0.1;Port=1;Database=x");
        env[EnvVars.Port] = port.ToString();
        env[variable] = value;
        var outcome = await CliProcess.RunAsync(env, "server", "start");
        Assert.Equal(2, outcome.ExitCode);
        AssertOneLineFailure(outcome, message);
        // The process has exited, so a port probe now proves nothing: it must never have said it listened.
        Assert.DoesNotContain("listening on", outcome.Stdout + outcome.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Server_start_fails_fast_when_postgres_is_unreachable()
    {
        var env = CliProcess.ValidEnvironment($"postgres://postgres@127.0.0.1:{ServerProcess.FreePort()}/none");
        var outcome = await CliProcess.RunAsync(env, "server", "start");
        Assert.Equal(2, outcome.ExitCode);
        AssertOneLineFailure(outcome, "cannot reach PostgreSQL");
    }

    [Fact]
    public async Task Api_keys_are_created_listed_without_secrets_and_revoked()
    {
        var env = CliProcess.ValidEnvironment(await DatabaseAsync());
        var created = await CliProcess.RunAsync(env, "server", "api-key", "create", "--name", "ci", "--scope", "memories:read,memories:write", "--team", "acme", "--project", "repo", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var json = JsonNode.Parse(created.Stdout)!;
        var raw = json["key"]!.GetValue<string>();
        var id = json["apiKey"]!["id"]!.GetValue<string>();
        Assert.Matches("^cmem_[0-9a-f]{48}$", raw);

        var list = await CliProcess.RunAsync(env, "server", "api-key", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Stdout);
        Assert.Contains("acme", list.Stdout);
        Assert.Contains("never", list.Stdout);
        Assert.DoesNotContain(raw, list.Stdout);
        Assert.DoesNotContain(raw[5..], list.Stdout);

        var revoked = await CliProcess.RunAsync(env, "server", "api-key", "revoke", id);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var listJson = JsonNode.Parse((await CliProcess.RunAsync(env, "server", "api-key", "list", "--json")).Stdout)!.AsArray();
        Assert.NotNull(Assert.Single(listJson)!["revokedAtEpoch"]);
    }

    [Theory]
    [InlineData("server api-key create --scope *", "--name is required")]
    [InlineData("server api-key create --name x", "--scope is required")]
    [InlineData("server api-key create --name x --scope memories:delete", "unknown scope 'memories:delete'")]
    [InlineData("server api-key create --name x --scope * --colour red", "unexpected argument '--colour'")]
    [InlineData("server api-key revoke key_doesnotexist", "no API key with id 'key_doesnotexist'")]
    [InlineData("server api-key revoke", "usage")]
    [InlineData("server launch", "unknown verb 'server launch'")]
    [InlineData("server jobs retry evt_nope", "no job with id 'evt_nope'")]
    [InlineData("server jobs inspect sum_00000000000000000000000000000000", "no job with id")]
    [InlineData("server jobs list --status sleeping", "--status must be one of")]
    [InlineData("server jobs list --limit 0", "--limit must be")]
    [InlineData("server jobs", "usage: claude-mem server jobs")]
    [InlineData("server worker start --concurrency 0", "--concurrency")]
    public async Task Cli_failures_print_one_clear_line_and_exit_non_zero(string commandLine, string message)
    {
        var env = CliProcess.ValidEnvironment(await DatabaseAsync());
        var outcome = await CliProcess.RunAsync(env, commandLine.Split(' '));
        AssertOneLineFailure(outcome, message);
        Assert.Single(outcome.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Api_key_commands_need_a_database()
    {
        var outcome = await CliProcess.RunAsync(new Dictionary<string, string?>(), "server", "api-key", "list");
        AssertOneLineFailure(outcome, EnvVars.DatabaseUrl);
    }

    [Fact]
    public async Task The_daemon_starts_reports_status_and_stops()
    {
        var port = ServerProcess.FreePort();
        var pidFile = Path.Combine(ServerProcess.TempDirectory("cm-pid"), "server.pid");
        var env = CliProcess.ValidEnvironment(await DatabaseAsync());
        env[EnvVars.Port] = port.ToString();
        env[EnvVars.PidFile] = pidFile;
        try
        {
            var started = await CliProcess.RunAsync(env, "server", "start", "--daemon");
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.True(File.Exists(pidFile));
            Assert.True(IsListening(port));

            var again = await CliProcess.RunAsync(env, "server", "start", "--daemon");
            AssertOneLineFailure(again, "already running");

            var status = await CliProcess.RunAsync(env, "server", "status");
            Assert.True(status.ExitCode == 0 && status.Stdout.Contains("healthy"), status.ToString());

            var stopped = await CliProcess.RunAsync(env, "server", "stop");
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.False(File.Exists(pidFile));
            Assert.False(IsListening(port));
            Assert.Equal(3, (await CliProcess.RunAsync(env, "server", "status")).ExitCode);
        }
        finally
        {
            if (File.Exists(pidFile)) await CliProcess.RunAsync(env, "server", "stop");
        }
    }
}
