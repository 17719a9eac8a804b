using System.Text.Json.Nodes;
using ClaudeMem.Generation.Queue;

namespace ClaudeMem.QueueWorkerHost;

/// <summary>
/// What a test job does, chosen by its name, mirroring tools/bullmq/interop.js so the same
/// scenario can run on our worker and on Node's.
/// </summary>
public static class TestJobs
{
    public const string Ok = "ok";
    public const string Nothing = "nothing";
    public const string Fail = "fail";
    public const string Unrecoverable = "unrecoverable";
    public const string Sleep = "sleep";
    public const string Hang = "hang";

    public static async Task<JsonNode?> RunAsync(Job job, CancellationToken cancellationToken)
    {
        var data = job.ParseData() as JsonObject ?? [];
        switch (job.Name)
        {
            case Ok: return new JsonObject { ["echo"] = data.DeepClone() };
            case Nothing: return null;
            case Fail: throw new InvalidOperationException(Message(data, "failed on purpose"));
            case Unrecoverable: throw new UnrecoverableJobException(Message(data, "unrecoverable on purpose"));
            case Sleep:
                var ms = data["ms"]!.GetValue<int>();
                await Task.Delay(ms, cancellationToken);
                return new JsonObject { ["slept"] = ms };
            case Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return null;
            default: throw new InvalidOperationException($"unknown job name {job.Name}");
        }
    }

    private static string Message(JsonObject data, string fallback) => data["message"]?.GetValue<string>() ?? fallback;
}
