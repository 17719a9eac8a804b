using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClaudeMem.Generation.Jobs;

public sealed record GenerationWorkerOptions(string Name, int Concurrency, TimeSpan ShutdownGrace)
{
    /// <summary>How long a job's lock lasts without renewal; a crashed worker's job returns to the queue after about this long.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StalledInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HeartbeatTtl = TimeSpan.FromSeconds(30);
}
