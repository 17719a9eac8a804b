using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>One entry of a queue's event stream: <see cref="Name"/> is its <c>event</c> field.</summary>
public sealed record QueueEvent(string Id, string Name, IReadOnlyDictionary<string, string> Fields)
{
    public const string EventField = "event";
    public const string JobIdField = "jobId";

    public string? JobId => Fields.GetValueOrDefault(JobIdField);
}
