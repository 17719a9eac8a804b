using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ClaudeMem.Testing;

namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// The TypeScript server this project replaces: npm `claude-mem` (pinned in tools/claude-mem-ts),
/// its bundled `plugin/scripts/server-service.cjs` run by the pinned bun (tools/bun), as its own
/// process, configured through its environment like ours. Installed by `bench/ingest/run.sh --side-by-side`.
/// </summary>
public sealed class TypeScriptServer : IAsyncDisposable
{

    private static readonly TimeSpan KeyTimeout = TimeSpan.FromSeconds(90);

    private readonly ServerProcess _process;
    private readonly string _stateDirectory;

    private TypeScriptServer(ServerProcess process, string stateDirectory, Uri baseAddress, string apiKey, string projectId, TimeSpan readyAfter)
    {
        _process = process;
        _stateDirectory = stateDirectory;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
        ProjectId = projectId;
        ReadyAfter = readyAfter;
    }

    public Uri BaseAddress { get; }
    public string ApiKey { get; }

    /// <summary>Its keys are bound to a project it creates with them; every event must name that project.</summary>
    public string ProjectId { get; }

    public int Pid => _process.Pid;

    /// <summary>From process start to the first 200 from GET /api/readiness (polled every 20 ms).</summary>
    public TimeSpan ReadyAfter { get; }

    public static string Bun(string repoRoot) => Path.Combine(repoRoot, "tools/bun/node_modules/@oven/bun-linux-x64/bin/bun");

    /// <summary>The installed claude-mem version (pinned in tools/claude-mem-ts/package.json).</summary>
    public static string Version(string repoRoot) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "tools/claude-mem-ts/node_modules/claude-mem/package.json")))
            .RootElement.GetProperty("version").GetString() ?? "unknown";

    public static string Script(string repoRoot) => Path.Combine(repoRoot, "tools/claude-mem-ts/node_modules/claude-mem/plugin/scripts/server-service.cjs");

    public static void EnsureInstalled(string repoRoot)
    {
        foreach (var file in new[] { Bun(repoRoot), Script(repoRoot) })
            if (!File.Exists(file)) throw new InvalidOperationException($"{file} missing: run bench/ingest/run.sh --side-by-side, which installs it");
    }

    /// <param name="databaseUrl">A postgres:// URL (the TypeScript server does not read Npgsql connection strings).</param>
    /// <param name="redisUrl">Shared with our server; the key prefix keeps the two queues apart.</param>
    public static async Task<TypeScriptServer> StartAsync(string repoRoot, string databaseUrl, string redisUrl)
    {
        EnsureInstalled(repoRoot);
        var stateDirectory = ServerProcess.TempDirectory("cm-bench-ts");
        Directory.CreateDirectory(Path.Combine(stateDirectory, "home"));
        var port = ServerProcess.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["CLAUDE_MEM_RUNTIME"] = "server",
            ["CLAUDE_MEM_SERVER_DATABASE_URL"] = databaseUrl,
            ["CLAUDE_MEM_QUEUE_ENGINE"] = "bullmq",
            ["CLAUDE_MEM_REDIS_URL"] = redisUrl,
            ["CLAUDE_MEM_QUEUE_REDIS_PREFIX"] = "cm-ts",
            ["CLAUDE_MEM_AUTH_MODE"] = "api-key",
            ["CLAUDE_MEM_SERVER_HOST"] = "127.0.0.1",
            ["CLAUDE_MEM_SERVER_PORT"] = port.ToString(),
            ["CLAUDE_MEM_DATA_DIR"] = Path.Combine(stateDirectory, "data"),
            ["HOME"] = Path.Combine(stateDirectory, "home"),
            // HTTP only: events are stored and their generation jobs enqueued to redis, nothing consumes them.
            ["CLAUDE_MEM_GENERATION_DISABLED"] = "1",
        };

        var started = Stopwatch.StartNew();
        var process = ServerProcess.Start(Bun(repoRoot), [Script(repoRoot), "start"], environment: environment, leftover: stateDirectory);
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await ServerStart.WaitUntilReadyAsync(process, baseAddress, "the TypeScript server");
            var readyAfter = started.Elapsed;
            var (apiKey, projectId) = await CreateApiKeyAsync(repoRoot, environment);
            return new TypeScriptServer(process, stateDirectory, baseAddress, apiKey, projectId, readyAfter);
        }
        catch
        {
            await process.DisposeAsync();
            ServerStart.DeleteDirectory(stateDirectory);
            throw;
        }
    }

    /// <summary>
    /// `server-service.cjs server api-key create`, its operator's way to get a key. It prints the key
    /// as JSON at once but then lingers for about 30 s before exiting (its pools' idle timers), so
    /// the key is taken as soon as the JSON is complete and the command is stopped.
    /// </summary>
    private static async Task<(string Key, string ProjectId)> CreateApiKeyAsync(string repoRoot, IReadOnlyDictionary<string, string?> environment)
    {
        await using var cli = ServerProcess.Start(Bun(repoRoot),
            [Script(repoRoot), "server", "api-key", "create", "--scope", "memories:read,memories:write"], environment: environment);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < KeyTimeout)
        {
            var output = cli.Output;
            var (start, end) = (output.IndexOf('{'), output.LastIndexOf('}'));
            if (start >= 0 && end > start)
            {
                try
                {
                    var json = JsonDocument.Parse(output[start..(end + 1)]).RootElement;
                    if (json.TryGetProperty("key", out var key) && json.TryGetProperty("projectId", out var project))
                        return (key.GetString()!, project.GetString()!);
                }
                catch (JsonException)
                {
                    // Not all of it printed yet.
                }
            }
            if (cli.HasExited) break;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"no key from `server api-key create` within {KeyTimeout}:\n{cli.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        ServerStart.DeleteDirectory(_stateDirectory);
    }
}
