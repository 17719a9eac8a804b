using System.Diagnostics;
using System.Text.Json;
using ClaudeMem.Testing;
using StackExchange.Redis;
using BullQueue = ClaudeMem.Generation.Queue.Queue;

namespace ClaudeMem.Generation.Tests.Queue;

/// <summary>The shared redis-server, one connection to it, unique queue names and condition polling.</summary>
internal static class QueueTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A worker that polls again within a second and finds a stalled job within seconds; tests narrow it with `with`.</summary>
    public static readonly WorkerOptions FastWorker = new()
    {
        DrainDelay = TimeSpan.FromSeconds(1),
        StalledInterval = TimeSpan.FromSeconds(1),
        LockDuration = TimeSpan.FromSeconds(5),
    };

    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(async () =>
        await ConnectAsync(await SharedServers.RedisAsync()));

    public static Task<ConnectionMultiplexer> ConnectionAsync() => Shared.Value;

    public static async Task<int> PortAsync() => (await SharedServers.RedisAsync()).Port;

    public static Task<ConnectionMultiplexer> ConnectAsync(RedisServer server) =>
        ConnectionMultiplexer.ConnectAsync($"{server.Configuration},abortConnect=false,connectRetry=10");

    public static string UniqueQueueName(string scenario) => $"{scenario}-{Guid.NewGuid():N}";

    /// <summary>A queue of its own (a unique name) on the shared redis-server, and the connection it uses.</summary>
    public static async Task<(ConnectionMultiplexer Connection, BullQueue Queue)> NewQueueAsync(string scenario)
    {
        var connection = await ConnectionAsync();
        return (connection, new BullQueue(connection, UniqueQueueName(scenario)));
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > (patience ?? Patience)) throw new TimeoutException($"timed out waiting for: {what}");
            await Task.Delay(50);
        }
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? patience = null) where T : class
    {
        T? value = null;
        await EventuallyAsync(async () => (value = await probe()) is not null, what, patience);
        return value!;
    }
}

/// <summary>Drives the real Node bullmq 6.7.0 through tools/bullmq/interop.js.</summary>
internal static class NodeBullMq
{
    private const string ResultPrefix = "RESULT ";
    private const string EventPrefix = "EVENT ";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToolsDirectory { get; } = FindToolsDirectory();

    /// <summary>Runs a one-shot command and returns what it printed as its result.</summary>
    public static async Task<JsonNode?> RunAsync(string command, object options, TimeSpan? timeout = null)
    {
        await using var process = Start(command, options);
        await process.WaitForSuccessAsync(timeout ?? TimeSpan.FromSeconds(60));
        var line = process.Output.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"node {command} printed no result:\n{process.Output}");
        return JsonNode.Parse(line[ResultPrefix.Length..]);
    }

    public static ServerProcess Start(string command, object options) =>
        ServerProcess.Start("node", [Path.Combine(ToolsDirectory, "interop.js"), command, JsonSerializer.Serialize(options, Json)]);

    /// <summary>The "EVENT" lines a worker process printed so far (ours or Node's print the same shape).</summary>
    public static IReadOnlyList<JsonObject> Events(ServerProcess process) =>
        process.Output.Split('\n')
            .Where(l => l.StartsWith(EventPrefix, StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l[EventPrefix.Length..])!.AsObject())
            .ToList();

    /// <summary>Waits for the event; a process that exited without printing it fails the wait (its death is no event).</summary>
    public static Task WaitForEventAsync(ServerProcess process, string eventName, string? jobId = null) =>
        QueueTestKit.EventuallyAsync(() =>
        {
            var exited = process.HasExited; // read before the output, so a line printed just before exit is seen
            if (Events(process).Any(e => (string?)e["event"] == eventName && (jobId is null || (string?)e["id"] == jobId)))
                return Task.FromResult(true);
            return exited
                ? throw new InvalidOperationException($"worker exited before event {eventName} {jobId}:\n{process.Output}")
                : Task.FromResult(false);
        }, $"worker event {eventName} {jobId}");

    private static string FindToolsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "bullmq");
            if (File.Exists(Path.Combine(candidate, "interop.js"))) return candidate;
        }
        throw new InvalidOperationException("tools/bullmq not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Our worker in a process of its own (tests/ClaudeMem.QueueWorkerHost), for tests that SIGKILL it.</summary>
internal static class DotnetWorkerProcess
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ServerProcess Start(object options)
    {
        // Run it from its own output folder, with its own deps and runtimeconfig: this test project
        // runs on the ASP.NET shared framework, so its folder lacks assemblies the host needs.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var host = Path.GetFullPath(Path.Combine(testOutput.FullName, "..", "..", "..", "..", "ClaudeMem.QueueWorkerHost",
            "bin", configuration, framework, "ClaudeMem.QueueWorkerHost.dll"));
        if (!File.Exists(host)) throw new InvalidOperationException($"worker host not built: {host}");
        return ServerProcess.Start("dotnet", [host, JsonSerializer.Serialize(options, Json)]);
    }
}
