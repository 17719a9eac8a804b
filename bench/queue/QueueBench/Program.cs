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

var rows = new List<(string What, double Ours, double Node)>();
foreach (var concurrency in concurrencies)
{
    var (ours, node) = await MedianOfAsync(() => OurWorkerJobsPerSecondAsync(concurrency), () => NodeWorkerJobsPerSecondAsync(concurrency));
    rows.Add(($"worker, concurrency {concurrency} (jobs/s)", ours, node));
    Console.WriteLine($"  concurrency {concurrency}: ours {ours:F0} jobs/s, Node {node:F0} jobs/s");
}
foreach (var window in new[] { 1, addWindow })
{
    var (ours, node) = await MedianOfAsync(() => OurAddsPerSecondAsync(window), () => NodeAddsPerSecondAsync(window));
    rows.Add(($"producer, {window} add(s) in flight (adds/s)", ours, node));
    Console.WriteLine($"  adds, window {window}: ours {ours:F0}/s, Node {node:F0}/s");
}

var report = Report(rows);
Console.WriteLine();
Console.WriteLine(report);
var resultsFile = Path.Combine(repositoryRoot, output);
Directory.CreateDirectory(Path.GetDirectoryName(resultsFile)!);
await File.WriteAllTextAsync(resultsFile, report);
Console.WriteLine($"written to {resultsFile}");
return 0;

async Task<(double Ours, double Node)> MedianOfAsync(Func<Task<double>> ours, Func<Task<double>> node)
{
    var ourRuns = new List<double>();
    var nodeRuns = new List<double>();
    for (var i = 0; i < repetitions; i++)
    {
        ourRuns.Add(await ours());
        nodeRuns.Add(await node());
    }
    return (ourRuns.Order().ElementAt(repetitions / 2), nodeRuns.Order().ElementAt(repetitions / 2));
}

async Task<double> OurWorkerJobsPerSecondAsync(int concurrency)
{
    var queue = new Queue(connection, $"bench-ours-{concurrency}-{Guid.NewGuid():N}");
    await FillAsync(queue, warmUpJobs + jobsPerRun);
    var completed = 0;
    var clock = new Stopwatch();
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    await using var worker = new Worker(connection, queue.Name, (_, _) => Task.FromResult<JsonNode?>(null),
        new WorkerOptions { Concurrency = concurrency });
    worker.Completed += (_, _) =>
    {
        var count = Interlocked.Increment(ref completed);
        if (count == warmUpJobs) clock.Start();
        if (count == warmUpJobs + jobsPerRun) { clock.Stop(); done.TrySetResult(); }
    };
    await worker.StartAsync();
    await done.Task.WaitAsync(runTimeout);
    await worker.StopAsync(TimeSpan.FromSeconds(10));
    return jobsPerRun / clock.Elapsed.TotalSeconds;
}

async Task<double> NodeWorkerJobsPerSecondAsync(int concurrency)
{
    var queue = new Queue(connection, $"bench-node-{concurrency}-{Guid.NewGuid():N}");
    await FillAsync(queue, warmUpJobs + jobsPerRun);
    var result = await RunNodeAsync("benchWork", new JsonObject
    {
        ["port"] = server.Port, ["queue"] = queue.Name, ["concurrency"] = concurrency,
        ["warmUp"] = warmUpJobs, ["count"] = jobsPerRun,
    });
    return jobsPerRun / result["seconds"]!.GetValue<double>();
}

async Task<double> OurAddsPerSecondAsync(int window)
{
    var queue = new Queue(connection, $"bench-add-ours-{window}-{Guid.NewGuid():N}");
    await AddManyAsync(queue, warmUpJobs, window);
    var clock = Stopwatch.StartNew();
    await AddManyAsync(queue, jobsPerRun, window);
    return jobsPerRun / clock.Elapsed.TotalSeconds;
}

async Task<double> NodeAddsPerSecondAsync(int window)
{
    var result = await RunNodeAsync("benchAdd", new JsonObject
    {
        ["port"] = server.Port, ["queue"] = $"bench-add-node-{window}-{Guid.NewGuid():N}",
        ["window"] = window, ["warmUp"] = warmUpJobs, ["count"] = jobsPerRun,
    });
    return jobsPerRun / result["seconds"]!.GetValue<double>();
}

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

string Report(List<(string What, double Ours, double Node)> results)
{
    var text = new StringBuilder();
    text.AppendLine("# Queue benchmark: our BullMQ client vs Node bullmq 6.7.0");
    text.AppendLine();
    text.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `bench/queue/run.sh --jobs {jobsPerRun} --repetitions {repetitions}` on {Environment.ProcessorCount} cores, one redis-server " +
        $"(AOF everysec) shared by both sides, {jobsPerRun} no-op jobs per run after {warmUpJobs} warm-up jobs, " +
        $"each figure the median of {repetitions} runs (ours and Node's interleaved), " +
        "jobs added with removeOnComplete. Goal: ours >= 1.5x Node.");
    text.AppendLine();
    text.AppendLine("| measurement | ours | Node | ours / Node |");
    text.AppendLine("|---|---:|---:|---:|");
    foreach (var (what, ours, node) in results)
        text.AppendLine($"| {what} | {ours:F0} | {node:F0} | {ours / node:F2}x |");
    return text.ToString();
}
