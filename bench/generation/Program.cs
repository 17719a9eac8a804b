using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaudeMem.Bench.Ingest;
using ClaudeMem.Http;
using ClaudeMem.Testing;

// Everything on loopback: PostgreSQL and redis-server from the test harness, a fake
// OpenAI-compatible provider answering at once, the real `claude-mem` server and worker processes.
const int LatencySamples = 200;
const int ThroughputEvents = 1000;
const int IngestConcurrency = 16;
const int WorkerConcurrency = Stack.WorkerConcurrency;
// Issue 11's memory goal, for the server and for `server worker start` alike.
const double RssGoalMb = 150;

// `--server PATH`: the executable to run (run.sh passes the ReadyToRun publish users run); the last one given wins.
// Without it, this build's claude-mem.dll under `dotnet`.
string? serverPath = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--server" && i + 1 < args.Length) serverPath = args[++i];
    else
    {
        Console.Error.WriteLine($"generation bench: '{args[i]}' is not an option here: use [--server PATH]");
        return 2;
    }
}
var server = serverPath is null ? ServerCommand.Build : ServerCommand.Executable(serverPath);

var loadAtStart = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
await using var postgres = await PostgresServer.StartAsync();
await using var redis = await RedisServer.StartAsync();
await using var llm = await FakeChatCompletions.StartAsync((_, _) => Task.FromResult(FakeChatCompletions.Answer(FakeChatCompletions.TwoObservations("bench"))));
var rows = new List<string[]>();

foreach (var workers in new[] { 1, 4 })
{
    var database = await postgres.CreateDatabaseAsync();
    await using var stack = await Stack.StartAsync(server, database, redis, llm.BaseUrl, workers);
    var latencies = await stack.MeasureLatencyAsync(LatencySamples);
    var workerCpuBefore = stack.WorkerPids.Sum(pid => ProcessCpu.Seconds(pid));
    var (eventsPerSecond, drainSeconds) = await stack.MeasureThroughputAsync(ThroughputEvents, IngestConcurrency);
    var workerCpuMsPerJob = (stack.WorkerPids.Sum(pid => ProcessCpu.Seconds(pid)) - workerCpuBefore) * 1000 / ThroughputEvents;
    var workerPeakRssMb = stack.WorkerPids.Max(ProcessMemory.PeakRssMb);
    rows.Add([workers.ToString(), $"{Percentile(latencies, 0.50):0.0}", $"{Percentile(latencies, 0.99):0.0}",
        $"{eventsPerSecond:0}", $"{drainSeconds:0.0}", $"{workerCpuMsPerJob:0.0}",
        $"{workerPeakRssMb:0} ({(workerPeakRssMb <= RssGoalMb ? "met" : "**missed**")})"]);
    Console.WriteLine($"workers={workers}: p50 {rows[^1][1]} ms, p99 {rows[^1][2]} ms, {rows[^1][3]} events/s, worker CPU {rows[^1][5]} ms/job, worker peak RSS {rows[^1][6]} MB");
}

var header = new[] { "workers", "accepted->readable p50 (ms)", "p99 (ms)", "sustained events/s", $"time to generate {ThroughputEvents} (s)",
    "worker CPU per job (ms)", $"worker peak RSS (MB, goal <= {RssGoalMb:0})" };
var table = new StringBuilder();
table.AppendLine("| " + string.Join(" | ", header) + " |");
table.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
foreach (var row in rows) table.AppendLine("| " + string.Join(" | ", row) + " |");
var commit = (await Run("git", "rev-parse", "--short", "HEAD")).Trim();
var report = $"""
    # Generation benchmark

    {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}, {Environment.ProcessorCount} cores, load average {string.Join(' ', loadAtStart)} at start
    and {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])} at the end; PostgreSQL, redis-server,
    the server, the workers, the fake provider and the load generator all share this machine.

    - Latency: {LatencySamples} events one after another, each `POST /v1/events?wait=true`: the answer comes
      when the job is completed, and its observations are readable in the same commit. So this is
      event accepted -> observations readable, ingest included.
    - Throughput: {ThroughputEvents} events posted by {IngestConcurrency} concurrent clients, timed from the first post
      until the last job completed. Each worker process runs {WorkerConcurrency} jobs at once.
    - Provider: an OpenAI-compatible fake on loopback answering two observations at once (zero latency).
      The HTTP server runs with generation disabled; workers are separate `claude-mem server worker start` processes
      with tiered compilation off and a 4 MB gen0 budget as ops/docker-compose.yml runs them, all {server.Description}.
    - Worker CPU per job: the workers' user + system CPU during the throughput phase over its {ThroughputEvents} jobs.
      Worker peak RSS: the largest VmHWM among the worker processes at the end of the run (latency and throughput).

    {table}
    Run: `bench/generation/run.sh`
    """;
Console.WriteLine();
Console.WriteLine(table);
var results = Path.Combine((await Run("git", "rev-parse", "--show-toplevel")).Trim(), "bench", "results");
Directory.CreateDirectory(results);
await File.WriteAllTextAsync(Path.Combine(results, "generation.md"), report.Replace("\n    ", "\n"));
return 0;

static double Percentile(List<double> samples, double p)
{
    var sorted = samples.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static async Task<string> Run(string file, params string[] args)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in args) info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await process.StandardError.ReadToEndAsync()}");
    return output;
}

/// <summary>The server and its workers as real processes on one database and one Valkey prefix.</summary>
sealed class Stack : IAsyncDisposable
{
    public const int WorkerConcurrency = 8;

    /// <summary>What ops/docker-compose.yml sets for its workers (and not for the server): tiered compilation off, a 4 MB gen0 budget.</summary>
    private static readonly Dictionary<string, string?> ComposeWorkerSettings = new()
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_GCgen0size"] = "0x400000",
    };

    private readonly List<ServerProcess> _processes = [];
    private readonly HttpClient _http;
    private readonly string _key;

    private Stack(HttpClient http, string key) => (_http, _key) = (http, key);

    public IEnumerable<int> WorkerPids => _processes.Skip(1).Select(p => p.Pid);

    public static async Task<Stack> StartAsync(ServerCommand server, string database, RedisServer redis, string llmUrl, int workers)
    {
        var port = ServerProcess.FreePort();
        var env = new Dictionary<string, string?>
        {
            ["CLAUDE_MEM_DOCKER"] = "1",
            ["CLAUDE_MEM_RUNTIME"] = "server-beta",
            ["CLAUDE_MEM_SERVER_DATABASE_URL"] = database,
            ["CLAUDE_MEM_QUEUE_ENGINE"] = "bullmq",
            ["CLAUDE_MEM_REDIS_URL"] = redis.Url,
            ["CLAUDE_MEM_QUEUE_PREFIX"] = "bench-" + Guid.NewGuid().ToString("N")[..6],
            ["CLAUDE_MEM_AUTH_MODE"] = "api-key",
            ["CLAUDE_MEM_SERVER_PROVIDER"] = "openrouter",
            ["OPENROUTER_API_KEY"] = "bench",
            ["CLAUDE_MEM_OPENROUTER_BASE_URL"] = llmUrl,
            ["CLAUDE_MEM_SERVER_PORT"] = port.ToString(),
            ["CLAUDE_MEM_PID_FILE"] = Path.Combine(ServerProcess.TempDirectory("bench-pid"), "server.pid"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var created = server.Start(["server", "api-key", "create", "--name", "bench", "--scope", "*", "--json"], env);
        await created.WaitForSuccessAsync(TimeSpan.FromMinutes(2));
        var key = JsonNode.Parse(created.Output)!["key"]!.GetValue<string>();

        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var stack = new Stack(http, key);
        stack._processes.Add(server.Start(["server", "start"], new Dictionary<string, string?>(env) { ["CLAUDE_MEM_GENERATION_DISABLED"] = "true" }));
        for (var i = 0; i < workers; i++)
            stack._processes.Add(server.Start(["server", "worker", "start", "--concurrency", WorkerConcurrency.ToString()],
                new Dictionary<string, string?>(env.Concat(ComposeWorkerSettings))));
        await stack.WaitForWorkersAsync(workers);
        // Warm-up: first requests pay JIT and connection set-up.
        for (var i = 0; i < 20; i++) await stack.PostAsync(wait: true);
        return stack;
    }

    private async Task WaitForWorkersAsync(int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var health = JsonNode.Parse(await _http.GetStringAsync("/api/health"))!;
                if (health["queue"]?["health"]?["workers"]?.AsArray().Count >= expected) return;
            }
            catch (HttpRequestException) { }
            if (_processes.FirstOrDefault(p => p.HasExited) is { } dead) throw new InvalidOperationException("a process exited:\n" + dead.Output);
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the server and workers did not come up");
            await Task.Delay(200);
        }
    }

    private async Task<JsonNode> PostAsync(bool wait)
    {
        var body = JsonSerializer.Serialize(new
        {
            projectId = "bench", sourceType = "hook", eventType = "PostToolUse",
            occurredAtEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            payload = new { tool_name = "Edit", tool_input = new { file_path = "src/app.ts", old_string = "a", new_string = "b" }, tool_response = new { success = true } },
        });
        using var response = await _http.PostAsync(wait ? "/v1/events?wait=true&waitMs=60000" : "/v1/events",
            new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /v1/events answered {(int)response.StatusCode}: {text}");
        var reply = JsonNode.Parse(text)!;
        if (wait && reply["generationJob"]!["status"]!.GetValue<string>() != "completed")
            throw new InvalidOperationException($"job did not complete: {text}");
        return reply;
    }

    public async Task<List<double>> MeasureLatencyAsync(int samples)
    {
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await PostAsync(wait: true);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return latencies;
    }

    public async Task<(double EventsPerSecond, double Seconds)> MeasureThroughputAsync(int events, int concurrency)
    {
        var completedBefore = await CompletedAsync();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < events) await PostAsync(wait: false);
        }));
        while (await CompletedAsync() < completedBefore + events)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("jobs did not drain within 5 minutes");
            await Task.Delay(50);
        }
        return (events / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds);
    }

    private async Task<int> CompletedAsync() =>
        JsonNode.Parse(await _http.GetStringAsync("/v1/jobs?status=completed&limit=1"))!["total"]!.GetValue<int>();

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.TerminateAsync(TimeSpan.FromSeconds(40));
        _http.Dispose();
    }
}

/// <summary>How the bench runs `claude-mem`: an executable (the ReadyToRun publish) or this build's dll under `dotnet`.</summary>
sealed record ServerCommand(string File, string[] Prefix, string Description)
{
    public static readonly ServerCommand Build = new("dotnet", [typeof(ServerApp).Assembly.Location], "this build's claude-mem.dll under `dotnet` (JIT)");

    public static ServerCommand Executable(string path) =>
        new(Path.GetFullPath(path), [], $"`{path}` (run.sh: the ReadyToRun publish of ops/Dockerfile)");

    public ServerProcess Start(string[] arguments, Dictionary<string, string?> environment) =>
        ServerProcess.Start(File, [.. Prefix, .. arguments], environment: environment);
}
