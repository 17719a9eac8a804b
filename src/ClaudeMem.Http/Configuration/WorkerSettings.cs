namespace ClaudeMem.Http.Configuration;

/// <summary>What `server worker start` reads from its environment (validated with the rest by <see cref="StartupValidation"/>).</summary>
public sealed record WorkerSettings
{
    public const int DefaultConcurrency = 4;
    public const int MaxConcurrency = 256;
    public static readonly TimeSpan DefaultLockDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStalledInterval = TimeSpan.FromSeconds(30);
    public const int MinMilliseconds = 500;
    public const int MaxMilliseconds = 600_000;

    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>How long a job's lock lasts without renewal; a crashed worker's job returns after about this long.</summary>
    public TimeSpan LockDuration { get; init; } = DefaultLockDuration;
    public TimeSpan StalledInterval { get; init; } = DefaultStalledInterval;
}
