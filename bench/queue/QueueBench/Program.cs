using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClaudeMem.Generation.Queue;
using ClaudeMem.Testing;
using StackExchange.Redis;

// Every figure comes from the same redis-server (AOF on, as in production), one measurement at a
// time. Workers are timed from the completion of a warm-up batch to the completion of the last job,
// so neither side's start-up (JIT, connecting) is counted.
// run.sh passes the repository root first; the options follow, named like the other benches'.
const string usage = "options: --jobs 10000 --repetitions 3 --output bench/results/queue.md";
var repositoryRoot = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var jobsPerRun = 10_000;
// This is a shared, noisy machine: each figure is the median of a few runs, ours and Node's interleaved.
var repetitions = 3;
var output = "bench/results/queue.md";
for (var i = 1; i < args.Length; i += 2)
{
    var (name, value) = (args[i], i + 1 < args.Length ? args[i + 1] : null);
    switch (name, value)
    {
        case ("--jobs" or "--repetitions" or "--output", null):
            Console.Error.WriteLine($"queue bench: {name} needs a value; {usage}");
            return 2;
        case ("--jobs", _) when int.TryParse(value, CultureInfo.InvariantCulture, out var jobs) && jobs > 0:
            jobsPerRun = jobs;
            break;
        case ("--repetitions", _) when int.TryParse(value, CultureInfo.InvariantCulture, out var runs) && runs > 0:
            repetitions = runs;
            break;
        case ("--output", _):
            output = value;
            break;
        default:
            Console.Error.WriteLine($"queue bench: unknown option or bad value: {name} {value}; {usage}");
            return 2;
    }
}
const int warmUpJobs = 1_000;
const int addWindow = 64;
int[] concurrencies = [1, 8, 32];
var toolsDirectory = Path.Combine(repositoryRoot, "tools", "bullmq");
var runTimeout = TimeSpan.FromMinutes(2);

await using var server = await RedisServer.StartAsync();
await using var connection = await ConnectionMultiplexer.ConnectAsync($"{server.Configuration},abortConnect=false");
Console.WriteLine($"redis-server on port {server.Port}; {jobsPerRun} no-op jobs per run after {warmUpJobs} warm-up jobs");

// INFO is an admin command: a connection of its own reads the server's statistics, the measured one stays as both sides run it.
await using var statistics = await ConnectionMultiplexer.ConnectAsync($"{server.Configuration},allowAdmin=true");
var redisServer = statistics.GetServer(server.Configuration);
var rows = new List<(string What, Measured Ours, Measured Node)>();
foreach (var concurrency in concurrencies)
{
    var (ours, node) = await MedianOfAsync(() => OurWorkerJobsPerSecondAsync(concurrency), () => NodeWorkerJobsPerSecondAsync(concurrency));
    rows.Add(($"worker, concurrency {concurrency} (jobs/s)", ours, node));
    Console.WriteLine($"  concurrency {concurrency}: ours {ours.PerSecond:F0} jobs/s, Node {node.PerSecond:F0} jobs/s");
    PrintCommands(ours, node);
}
foreach (var window in new[] { 1, addWindow })
{
    var (ours, node) = await MedianOfAsync(() => OurAddsPerSecondAsync(window), () => NodeAddsPerSecondAsync(window));
    rows.Add(($"producer, {window} add(s) in flight (adds/s)", ours, node));
    Console.WriteLine($"  adds, window {window}: ours {ours.PerSecond:F0}/s, Node {node.PerSecond:F0}/s");
    PrintCommands(ours, node);
}

var report = Report(rows);
Console.WriteLine();
Console.WriteLine(report);
var resultsFile = Path.Combine(repositoryRoot, output);
Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
await File.WriteAllTextAsync(resultsFile, report);
Console.WriteLine($"written to {resultsFile}");
return 0;

async Task<(Measured Ours, Measured Node)> MedianOfAsync(Func<Task<Measured>> ours, Func<Task<Measured>> node)
{
    var ourRuns = new List<Measured>();
    var nodeRuns = new List<Measured>();
    for (var i = 0; i < repetitions; i++)
    {
        ourRuns.Add(await ours());
        nodeRuns.Add(await node());
    }
    return (ourRuns.OrderBy(r => r.PerSecond).ElementAt(repetitions / 2), nodeRuns.OrderBy(r => r.PerSecond).ElementAt(repetitions / 2));
}

// A side's rate and client CPU over its timed jobs, and Redis's work while it runs (the warm-up jobs included, the queue's
// filling not), per job.
async Task<Measured> MeasureAsync(Func<Task<(double PerSecond, TimeSpan ClientCpu)>> run)
{
    var before = await RedisWork.ReadAsync(redisServer);
    var (perSecond, clientCpu) = await run();
    var after = await RedisWork.ReadAsync(redisServer);
    return new Measured(perSecond, clientCpu.TotalMicroseconds / jobsPerRun, after.Since(before, warmUpJobs + jobsPerRun));
}

static TimeSpan OurCpu() => Environment.CpuUsage.TotalTime;

(double PerSecond, TimeSpan ClientCpu) NodeResult(JsonNode result) =>
    (jobsPerRun / result["seconds"]!.GetValue<double>(), TimeSpan.FromMicroseconds(result["cpuMicroseconds"]!.GetValue<double>()));

void PrintCommands(Measured ours, Measured node)
{
    foreach (var (side, measured) in new[] { ("ours", ours), ("Node", node) })
        Console.WriteLine($"    {side}: client {measured.ClientCpuMicroseconds:F1} CPU us, Redis {measured.Redis.CpuMicroseconds:F1} CPU us and {measured.Redis.Calls:F1} calls a job: " +
            string.Join(", ", measured.Redis.CallsByCommand.OrderByDescending(c => c.Value).Take(8).Select(c => $"{c.Key} {c.Value:F2}")));
}

async Task<Measured> OurWorkerJobsPerSecondAsync(int concurrency)
{
    var queue = new Queue(connection, $"bench-ours-{concurrency}-{Guid.NewGuid():N}");
    await FillAsync(queue, warmUpJobs + jobsPerRun);
    return await MeasureAsync(() => OurWorkerRunAsync(queue, concurrency));
}

async Task<(double PerSecond, TimeSpan ClientCpu)> OurWorkerRunAsync(Queue queue, int concurrency)
{
    var completed = 0;
    var clock = new Stopwatch();
    TimeSpan cpuAtStart = default, cpuAtEnd = default;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    await using var worker = new Worker(connection, queue.Name, (_, _) => Task.FromResult<JsonNode?>(null),
        new WorkerOptions { Concurrency = concurrency });
    worker.Completed += (_, _) =>
    {
        var count = Interlocked.Increment(ref completed);
        if (count == warmUpJobs) { clock.Start(); cpuAtStart = OurCpu(); }
        if (count == warmUpJobs + jobsPerRun) { clock.Stop(); cpuAtEnd = OurCpu(); done.TrySetResult(); }
    };
    await worker.StartAsync();
    await done.Task.WaitAsync(runTimeout);
    await worker.StopAsync(TimeSpan.FromSeconds(10));
    return (jobsPerRun / clock.Elapsed.TotalSeconds, cpuAtEnd - cpuAtStart);
}

async Task<Measured> NodeWorkerJobsPerSecondAsync(int concurrency)
{
    var queue = new Queue(connection, $"bench-node-{concurrency}-{Guid.NewGuid():N}");
    await FillAsync(queue, warmUpJobs + jobsPerRun);
    return await MeasureAsync(async () =>
    {
        var result = await RunNodeAsync("benchWork", new JsonObject
        {
            ["port"] = server.Port, ["queue"] = queue.Name, ["concurrency"] = concurrency,
            ["warmUp"] = warmUpJobs, ["count"] = jobsPerRun,
        });
        return NodeResult(result);
    });
}

Task<Measured> OurAddsPerSecondAsync(int window) => MeasureAsync(async () =>
{
    var queue = new Queue(connection, $"bench-add-ours-{window}-{Guid.NewGuid():N}");
    await AddManyAsync(queue, warmUpJobs, window);
    var (clock, cpu) = (Stopwatch.StartNew(), OurCpu());
    await AddManyAsync(queue, jobsPerRun, window);
    return (jobsPerRun / clock.Elapsed.TotalSeconds, OurCpu() - cpu);
});

Task<Measured> NodeAddsPerSecondAsync(int window) => MeasureAsync(async () =>
{
    var result = await RunNodeAsync("benchAdd", new JsonObject
    {
        ["port"] = server.Port, ["queue"] = $"bench-add-node-{window}-{Guid.NewGuid():N}",
        ["window"] = window, ["warmUp"] = warmUpJobs, ["count"] = jobsPerRun,
    });
    return NodeResult(result);
});

// The same job Node's benchAdd adds: a small payload, removed once completed.
static Task<string> AddOne(Queue queue, int n) =>
    queue.AddAsync("noop", new JsonObject { ["n"] = n }, new JobOptions { RemoveOnComplete = KeepJobs.NoneKept });

static async Task AddManyAsync(Queue queue, int count, int window)
{
    var next = 0;
    async Task Lane()
    {
        int n;
        while ((n = Interlocked.Increment(ref next)) <= count) await AddOne(queue, n);
    }
    await Task.WhenAll(Enumerable.Range(0, window).Select(_ => Lane()));
}

static Task FillAsync(Queue queue, int count) => AddManyAsync(queue, count, addWindow);

async Task<JsonNode> RunNodeAsync(string command, JsonObject options)
{
    await using var process = ServerProcess.Start("node", [Path.Combine(toolsDirectory, "interop.js"), command, options.ToJsonString()]);
    await process.WaitForSuccessAsync(runTimeout);
    var line = process.Output.Split('\n').Last(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
    return JsonNode.Parse(line["RESULT ".Length..])!;
}

string Report(List<(string What, Measured Ours, Measured Node)> results)
{
    var text = new StringBuilder();
    text.AppendLine("# Queue benchmark: our BullMQ client vs Node bullmq 6.7.0");
    text.AppendLine();
    text.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bench/queue/run.sh --jobs {jobsPerRun} --repetitions {repetitions}` on {Environment.ProcessorCount} cores, one redis-server " +
        $"(AOF everysec) shared by both sides, {jobsPerRun} no-op jobs per run after {warmUpJobs} warm-up jobs, " +
        $"each figure the median of {repetitions} runs (ours and Node's interleaved), " +
        "jobs added with removeOnComplete. Goal: ours >= 1.5x Node.");
    text.AppendLine();
    text.AppendLine("Redis columns: the redis-server's CPU (used_cpu_user + used_cpu_sys) and its commands (INFO commandstats, the commands scripts run included) while a side runs, per job, warm-up jobs included; for the workers, the filling of the queue beforehand is not counted. " +
        "Both sides run the same BullMQ scripts, so Redis does about the same work per job for either, and that work shares the two cores with the client measured.");
    text.AppendLine();
    text.AppendLine("Client CPU: the measured side's own process (ours: the bench process; Node: its child) over the timed jobs, per job. " +
        "The CPU and Redis columns come from the run whose rate is the median.");
    text.AppendLine();
    text.AppendLine("| measurement | ours | Node | ours / Node | client CPU us/job ours | Node | Redis CPU us/job ours | Node | Redis commands/job ours | Node |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (what, ours, node) in results)
        text.AppendLine($"| {what} | {ours.PerSecond:F0} | {node.PerSecond:F0} | {ours.PerSecond / node.PerSecond:F2}x | " +
            $"{ours.ClientCpuMicroseconds:F1} | {node.ClientCpuMicroseconds:F1} | " +
            $"{ours.Redis.CpuMicroseconds:F1} | {node.Redis.CpuMicroseconds:F1} | {ours.Redis.Calls:F1} | {node.Redis.Calls:F1} |");
    return text.ToString();
}

/// <param name="ClientCpuMicroseconds">The measured side's own process CPU per job over the timed jobs (ours: this bench process).</param>
internal sealed record Measured(double PerSecond, double ClientCpuMicroseconds, RedisCost Redis);

internal sealed record RedisCost(double CpuMicroseconds, double Calls, IReadOnlyDictionary<string, double> CallsByCommand);

/// <summary>The redis-server's CPU seconds and command counts at one moment (INFO cpu, INFO commandstats).</summary>
internal sealed record RedisWork(double CpuSeconds, IReadOnlyDictionary<string, long> Calls)
{
    public static async Task<RedisWork> ReadAsync(IServer server)
    {
        var info = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        var cpu = double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture);
        // cmdstat_evalsha: calls=12,usec=...; the INFO calls themselves are left out.
        var calls = (await server.InfoAsync("commandstats")).SelectMany(g => g)
            .Where(p => p.Key.StartsWith("cmdstat_", StringComparison.Ordinal) && p.Key != "cmdstat_info")
            .ToDictionary(p => p.Key["cmdstat_".Length..], p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
        return new RedisWork(cpu, calls);
    }

    public RedisCost Since(RedisWork before, int jobs)
    {
        var byCommand = Calls.ToDictionary(c => c.Key, c => (c.Value - before.Calls.GetValueOrDefault(c.Key)) / (double)jobs)
            .Where(c => c.Value > 0).ToDictionary();
        return new RedisCost((CpuSeconds - before.CpuSeconds) * 1e6 / jobs, byCommand.Values.Sum(), byCommand);
    }
}
