using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ClaudeMem.Testing;

namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// The real server executable (claude-mem, built by the project reference into our output) run as
/// its own process, configured through its environment exactly as an operator would.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{

    private readonly ServerProcess _process;
    private readonly string _stateDirectory;

    private ServerUnderTest(ServerProcess process, string stateDirectory, Uri baseAddress, string apiKey, TimeSpan readyAfter)
    {
        ReadyAfter = readyAfter;
        _process = process;
        _stateDirectory = stateDirectory;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
    }

    public Uri BaseAddress { get; }
    public string ApiKey { get; }
    public int Pid => _process.Pid;

    /// <summary>From process start to the first 200 from GET /api/readiness (polled every 20 ms).</summary>
    public TimeSpan ReadyAfter { get; }

    /// <summary>
    /// The server to run: the Release build beside this bench, unless a bench's <c>--server</c> names another
    /// (bench/ingest/run.sh passes a ReadyToRun publish, built as ops/Dockerfile builds the image users run).
    /// </summary>
    public static string Executable { get; set; } = Path.Combine(AppContext.BaseDirectory, "claude-mem");

    /// <param name="extraEnvironment">Set on top of the defaults, e.g. the side-by-side run's queue prefix and disabled generation.</param>
    public static async Task<ServerUnderTest> StartAsync(string connectionString, string redisUrl,
        IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var stateDirectory = ServerProcess.TempDirectory("cm-bench-server");
        var port = ServerProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["CLAUDE_MEM_SERVER_DATABASE_URL"] = connectionString,
            ["CLAUDE_MEM_SERVER_HOST"] = "127.0.0.1",
            ["CLAUDE_MEM_SERVER_PORT"] = port.ToString(),
            ["CLAUDE_MEM_PID_FILE"] = Path.Combine(stateDirectory, "server.pid"),
            // This machine has /.dockerenv, so the server applies its Docker rules: no in-process
            // queue engine, a provider must be named. Redis is a real one we started.
            ["CLAUDE_MEM_RUNTIME"] = "server-beta",
            ["CLAUDE_MEM_QUEUE_ENGINE"] = "bullmq",
            ["CLAUDE_MEM_REDIS_URL"] = redisUrl,
            ["CLAUDE_MEM_SERVER_PROVIDER"] = "offline",
            ["CLAUDE_MEM_AUTH_MODE"] = "api-key",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>()) environment[name] = value;
        // ServerProcess passes our environment on to the child.
        foreach (var (name, value) in environment) Environment.SetEnvironmentVariable(name, value);

        var started = Stopwatch.StartNew();
        var process = ServerProcess.Start(Executable, ["server", "start"]);
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await ServerStart.WaitUntilReadyAsync(process, baseAddress, "claude-mem");
            var readyAfter = started.Elapsed;
            var apiKey = await CreateApiKeyAsync();
            return new ServerUnderTest(process, stateDirectory, baseAddress, apiKey, readyAfter);
        }
        catch
        {
            await process.DisposeAsync();
            ServerStart.DeleteDirectory(stateDirectory);
            throw;
        }
    }

    /// <summary>`claude-mem server api-key create --json`, the operator's way to get a key.</summary>
    private static async Task<string> CreateApiKeyAsync()
    {
        await using var cli = ServerProcess.Start(Executable, ["server", "api-key", "create", "--name", "bench", "--scope", "*", "--json"]);
        await cli.WaitForSuccessAsync(TimeSpan.FromSeconds(60));
        var json = cli.Output[cli.Output.IndexOf('{')..];
        return JsonDocument.Parse(json).RootElement.GetProperty("key").GetString()
            ?? throw new InvalidOperationException($"no key in: {json}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        ServerStart.DeleteDirectory(_stateDirectory);
    }
}
