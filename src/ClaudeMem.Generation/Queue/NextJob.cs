using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>A job handed out by <c>moveToActive</c> (or by a finishing script that fetched the next one).</summary>
/// <param name="Job">The locked job, or null when there was none to take.</param>
/// <param name="RateLimitDelayMs">How long the queue is rate limited, if it is.</param>
/// <param name="NextDelayedTimestamp">When the next delayed job becomes due (ms since epoch), 0 if none.</param>
public sealed record NextJob(Job? Job, long RateLimitDelayMs, long NextDelayedTimestamp)
{
    public static readonly NextJob None = new(null, 0, 0);
}
