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

/// <summary>
/// Node's <c>settings.backoffStrategy</c>: the delay in milliseconds before the next attempt of a job
/// whose backoff type is not built in (0: at once; -1: do not retry, fail now).
/// </summary>
/// <param name="attemptsMade">Counting the attempt that just failed.</param>
public delegate long BackoffStrategy(int attemptsMade, string type, Exception error, Job job);

/// <summary>How many finished jobs to keep (<c>removeOnComplete</c>/<c>removeOnFail</c>); null means no limit.</summary>
public sealed record KeepJobs(int? Count = null, TimeSpan? Age = null)
{
    public static readonly KeepJobs All = new(Count: -1);
    public static readonly KeepJobs NoneKept = new(Count: 0);
}

/// <summary>The options of <c>Queue.add</c> this client supports.</summary>
public sealed record JobOptions
{
    /// <summary>A custom id: adding a job whose id exists already is a no-op. Not all digits, no ':'.</summary>
    public string? JobId { get; init; }

    /// <summary>Total attempts, the first one included; 0 and 1 both mean "no retry" (BullMQ's default is 0).</summary>
    public int Attempts { get; init; }

    public Backoff? Backoff { get; init; }
    public TimeSpan? Delay { get; init; }

    /// <summary>1 (highest) .. 2 097 152; 0 means not prioritized.</summary>
    public int Priority { get; init; }

    public bool Lifo { get; init; }
    public KeepJobs? RemoveOnComplete { get; init; }
    public KeepJobs? RemoveOnFail { get; init; }
    public int? StackTraceLimit { get; init; }
}
