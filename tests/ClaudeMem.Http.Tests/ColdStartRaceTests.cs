using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// Issue 9 item 11: a deployment starts the server and several workers at once on an empty
/// database; they race to create the schema, and every one of them must come up.
/// </summary>
public class ColdStartRaceTests
{
    [Fact]
    public async Task A_server_and_three_workers_started_at_once_on_an_empty_database_all_come_up()
    {
        var postgres = await SharedServers.PostgresAsync();
        var redis = await SharedServers.RedisAsync();
        var database = await postgres.CreateDatabaseAsync();
        var port = ServerProcess.FreePort();
        var env = CliProcess.ValidEnvironment(database);
        env[EnvVars.RedisUrl] = redis.Url;
        env[EnvVars.QueuePrefix] = "cold-" + Guid.NewGuid().ToString("N")[..8];
        env[EnvVars.Port] = port.ToString();
        env[EnvVars.PidFile] = Path.Combine(ServerProcess.TempDirectory("cm-cold"), "server.pid");
        var dll = typeof(ServerApp).Assembly.Location;

        var processes = new List<ServerProcess>
        {
            ServerProcess.Start("dotnet", [dll, "server", "start"], environment: env),
        };
        for (var i = 0; i < 3; i++) processes.Add(ServerProcess.Start("dotnet", [dll, "server", "worker", "start", "--concurrency", "1"], environment: env));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.TrueAsync(async () =>
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } dead) Assert.Fail("a process exited during the cold start:\n" + dead.Output);
                try { return (await http.GetAsync("/api/readiness")).IsSuccessStatusCode; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
            }, TimeSpan.FromMinutes(3), "the server to be ready");
            // The workers ran their schema check too: give them time to fail if they were going to.
            var workerKey = await CliKeyAsync(env);
            await Eventually.TrueAsync(async () =>
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } dead) Assert.Fail("a process exited during the cold start:\n" + dead.Output);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
                request.Headers.Authorization = new("Bearer", workerKey);
                var body = System.Text.Json.Nodes.JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync());
                return body?["queue"]?["health"]?["workers"]?.AsArray().Count == 3;
            }, TimeSpan.FromMinutes(3), "the three workers to register");
            Assert.DoesNotContain(processes, p => p.HasExited);
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    private static async Task<string> CliKeyAsync(Dictionary<string, string?> env)
    {
        var created = await CliProcess.RunAsync(env, "server", "api-key", "create", "--name", "cold", "--scope", "memories:read", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        return System.Text.Json.Nodes.JsonNode.Parse(created.Stdout)!["key"]!.GetValue<string>();
    }
}
