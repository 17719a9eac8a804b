namespace ClaudeMem.Generation.Queue;

/// <summary>How long to wait before retrying a failed attempt, as BullMQ's built-in strategies compute it.</summary>
/// <param name="Type"><see cref="Fixed"/>, <see cref="Exponential"/>, or any other name: a custom strategy, computed by the worker's <see cref="WorkerOptions.BackoffStrategy"/> (Node's <c>settings.backoffStrategy</c>).</param>
/// <param name="DelayMs">The fixed delay, or the first delay that exponential backoff doubles.</param>
/// <param name="Jitter">0..1: the fraction of the delay that is randomised downwards.</param>
public sealed record Backoff(string Type, long DelayMs, double? Jitter = null)
{
    public const string Fixed = "fixed";
    public const string Exponential = "exponential";

    public static Backoff FixedDelay(TimeSpan delay, double? jitter = null) => new(Fixed, (long)delay.TotalMilliseconds, jitter);
    public static Backoff ExponentialDelay(TimeSpan firstDelay, double? jitter = null) => new(Exponential, (long)firstDelay.TotalMilliseconds, jitter);

    /// <summary>A strategy the consuming worker computes (<see cref="WorkerOptions.BackoffStrategy"/>).</summary>
    public static Backoff Custom(string type) => new(type, 0);

    public bool IsBuiltIn => Type is Fixed or Exponential;

    /// <summary>Node's <c>Backoffs.calculate</c>: built-in strategies here, any other type by the worker's strategy; -1 means "do not retry".</summary>
    /// <exception cref="InvalidOperationException">A custom type and no strategy to compute it (Node throws too).</exception>
    public long Calculate(int attemptsMade, Exception error, Job job, BackoffStrategy? custom, Random random) =>
        IsBuiltIn ? DelayFor(attemptsMade, random)
        : custom is not null ? custom(attemptsMade, Type, error, job)
        : throw new InvalidOperationException($"unknown backoff strategy '{Type}': the worker has no backoffStrategy for it");

    /// <summary>The delay before the next attempt, <paramref name="attemptsMade"/> counting the attempt that just failed.</summary>
    public long DelayFor(int attemptsMade, Random random)
    {
        var delay = Type switch
        {
            Fixed => DelayMs,
            Exponential => (long)Math.Round(Math.Pow(2, attemptsMade - 1) * DelayMs, MidpointRounding.AwayFromZero),
            _ => throw new InvalidOperationException($"unknown backoff strategy '{Type}'"),
        };
        if (Jitter is not ({ } jitter and > 0)) return delay;
        var minimum = delay * (1 - jitter);
        return (long)Math.Floor(random.NextDouble() * delay * jitter + minimum);
    }
}
