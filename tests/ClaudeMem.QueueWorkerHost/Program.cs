using System.Text.Json;
using System.Text.Json.Nodes;
using ClaudeMem.Generation.Queue;
using ClaudeMem.QueueWorkerHost;
using StackExchange.Redis;

// Usage: ClaudeMem.QueueWorkerHost '<json options>' with port, prefix, queue, concurrency,
// lockDuration, stalledInterval, maxStalledCount (ms). Prints "EVENT <json>" lines like interop.js.
var options = JsonNode.Parse(args[0])!.AsObject();
int Option(string name, int fallback) => options[name]?.GetValue<int>() ?? fallback;
var output = new object();
void Print(object value)
{
    lock (output) Console.Out.WriteLine("EVENT " + JsonSerializer.Serialize(value));
}

var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Option("port", 6379)},abortConnect=false");
var worker = new Worker(connection, options["queue"]!.GetValue<string>(), TestJobs.RunAsync, new WorkerOptions
{
    Prefix = options["prefix"]?.GetValue<string>() ?? QueueKeys.DefaultPrefix,
    Concurrency = Option("concurrency", 1),
    LockDuration = TimeSpan.FromMilliseconds(Option("lockDuration", 30_000)),
    StalledInterval = TimeSpan.FromMilliseconds(Option("stalledInterval", 30_000)),
    MaxStalledCount = Option("maxStalledCount", 1),
});
worker.Completed += (job, result) => Print(new { @event = "completed", id = job.Id, result });
worker.Failed += (job, error) => Print(new { @event = "failed", id = job.Id, reason = error.Message });
worker.Error += error => Print(new { @event = "error", reason = error.Message });

var stop = new TaskCompletionSource();
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
await worker.StartAsync();
Print(new { @event = "ready" });
await stop.Task;
await worker.StopAsync(TimeSpan.FromSeconds(10));
await connection.DisposeAsync();
