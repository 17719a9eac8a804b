using System.Net;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests.Operator;

/// <summary>Two real server processes on one database share each key's rate limit.</summary>
public class SharedRateLimitTests
{
    private const int Limit = 5;

    [Fact]
    public async Task Two_server_processes_share_one_keys_requests_per_minute()
    {
        var database = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        var env = CliProcess.ValidEnvironment(database);
        env[EnvVars.RateLimitPerMinute] = Limit.ToString();
        var created = await CliProcess.RunAsync(env, "server", "api-key", "create", "--name", "shared", "--scope", "memories:read", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var key = JsonNode.Parse(created.Stdout)!["key"]!.GetValue<string>();

        var servers = new List<(ServerProcess Process, int Port)>();
        try
        {
            foreach (var _ in Enumerable.Range(0, 2))
            {
                var port = ServerProcess.FreePort();
                var serverEnv = new Dictionary<string, string?>(env)
                {
                    [EnvVars.Port] = port.ToString(),
                    [EnvVars.PidFile] = Path.Combine(ServerProcess.TempDirectory("cm-pid"), "server.pid"),
                };
                servers.Add((ServerProcess.Start("dotnet", [typeof(ServerApp).Assembly.Location, "server", "start"], environment: serverEnv), port));
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var (process, port) in servers)
                await Eventually.TrueAsync(async () => process.HasExited ? throw new InvalidOperationException(process.Output)
                    : await IsHealthyAsync(http, port), TimeSpan.FromSeconds(180), $"the server on port {port}");

            // Start early in a minute window so all requests fall into one.
            while (DateTimeOffset.UtcNow.Second > 40) await Task.Delay(1000);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < Limit + 3; i++)
            {
                var port = servers[i % 2].Port;
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/v1/jobs");
                request.Headers.Authorization = new("Bearer", key);
                using var response = await http.SendAsync(request);
                statuses.Add(response.StatusCode);
            }
            Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, Limit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
        }
        finally
        {
            foreach (var (process, _) in servers) await process.DisposeAsync();
        }
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, int port)
    {
        try { return (await http.GetAsync($"http://127.0.0.1:{port}/api/readiness")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }
}
