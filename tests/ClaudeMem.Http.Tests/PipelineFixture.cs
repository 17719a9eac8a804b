using ClaudeMem.Generation.Providers;
using ClaudeMem.Http.Cli;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// The production shape on loopback: an HTTP server with generation disabled, its own
/// redis-server (so tests may stop it), and real `claude-mem server worker start` processes.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private readonly List<ServerProcess> _workers = [];

    public RedisServer Redis { get; private set; } = null!;

    /// <summary>A cluster of this fixture's own, for tests that restart it; null = the shared one.</summary>
    public PostgresServer? OwnPostgres { get; private set; }

    /// <summary>Set before InitializeAsync: the fixture starts a PostgreSQL of its own (so a test may restart it).</summary>
    public bool WithOwnPostgres { get; init; }

    /// <summary>Extra settings for the server, applied after the fixture's own.</summary>
    public Func<ServerSettings, ServerSettings> Customize { get; init; } = s => s;
    public ServerFixture Server { get; private set; } = null!;
    public string Prefix { get; } = "cm-test-" + Guid.NewGuid().ToString("N")[..8];
    public Api Api => new(Server.Host.Server.CreateClient());

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        if (WithOwnPostgres) OwnPostgres = await PostgresServer.StartAsync();
        Server = new ServerFixture
        {
            Postgres = OwnPostgres is { } own ? () => Task.FromResult(own) : SharedServers.PostgresAsync,
            Customize = s => Customize(s with
            {
                QueueEngine = QueueEngines.BullMq,
                RedisUrl = Redis.Url,
                QueuePrefix = Prefix,
                GenerationDisabled = true,
                DispatchSweepInterval = TimeSpan.FromSeconds(1),
            }),
        };
        await Server.InitializeAsync();
    }

    public Dictionary<string, string?> WorkerEnvironment(string provider = ProviderNames.Offline, string? baseUrl = null)
    {
        var env = CliProcess.ValidEnvironment(Server.ConnectionString);
        env[EnvVars.RedisUrl] = Redis.Url;
        env[EnvVars.QueuePrefix] = Prefix;
        env[GenerationEnvironment.Provider] = provider;
        // Short locks so a killed worker's job comes back within seconds, not half a minute.
        env[EnvVars.WorkerLockMs] = "2000";
        env[EnvVars.WorkerStalledIntervalMs] = "1000";
        if (provider == ProviderNames.OpenRouter)
        {
            env[GenerationEnvironment.OpenRouterApiKey] = "sk-or-test";
            env[GenerationEnvironment.OpenRouterBaseUrl] = baseUrl;
            env[GenerationEnvironment.ProviderTimeoutSeconds] = "60";
        }
        return env;
    }

    public async Task<ServerProcess> StartWorkerAsync(Dictionary<string, string?> env)
    {
        var worker = ServerProcess.Start("dotnet", [typeof(ServerApp).Assembly.Location, "server", "worker", "start", "--concurrency", "2"],
            environment: env);
        _workers.Add(worker);
        // By its pid, not by a count: heartbeats of stopped workers that a Valkey crash brought back expire meanwhile.
        await Eventually.TrueAsync(async () => worker.HasExited ? throw new InvalidOperationException("worker exited:\n" + worker.Output)
            : (await WorkersAsync()).Any(w => w?["pid"]?.GetValue<int>() == worker.Pid), TimeSpan.FromSeconds(120), "the worker to register");
        return worker;
    }

    private string? _healthKey;

    private async Task<JsonArray> WorkersAsync()
    {
        _healthKey ??= await Server.CreateKeyAsync(team: "health");
        var health = await Api.GetAsync("/api/health", _healthKey);
        return health.Body?["queue"]?["health"]?["workers"]?.AsArray() ?? [];
    }

    public async Task<JsonNode> WaitForJobAsync(string key, string jobId, Func<string, bool> status, TimeSpan timeout)
    {
        JsonNode? job = null;
        await Eventually.TrueAsync(async () =>
        {
            job = (await Api.GetAsync($"/v1/jobs/{jobId}", key)).Body?["job"];
            return job is not null && status(job["status"]!.GetValue<string>());
        }, timeout, $"job {jobId} to reach the expected status (last: {job?.ToJsonString()})");
        return job!;
    }

    /// <summary>Each test brings its own workers: stop the previous test's (SIGINT, then SIGKILL if they linger).</summary>
    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers) await worker.TerminateAsync(TimeSpan.FromSeconds(40));
        _workers.Clear();
    }

    public async Task DisposeAsync()
    {
        await StopWorkersAsync();
        await Server.DisposeAsync();
        await Redis.DisposeAsync();
        if (OwnPostgres is not null) await OwnPostgres.DisposeAsync();
    }
}

public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? lastSeen = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}{(lastSeen is null ? "" : $"; last seen:\n{lastSeen()}")}");
            await Task.Delay(100);
        }
    }
}
