using System.Diagnostics;

namespace ClaudeMem.Bench.Ingest;

/// <summary>What one operation reported: null on success, else a short description of the failure.</summary>
public delegate Task<string?> Operation(long sequence, CancellationToken ct);

/// <summary>The outcome of one measured phase.</summary>
public sealed record Measurement(int Concurrency, long Succeeded, long Failed, TimeSpan Elapsed, double P50Ms, double P99Ms,
    IReadOnlyList<string> FailureSamples)
{
    public long Attempted => Succeeded + Failed;
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load generator: N async workers each run one operation at a time, back to back.
/// Latencies go into one preallocated array (no allocation or locking on the hot path beyond an
/// Interlocked slot claim), and percentiles are exact, read from the sorted samples.
/// </summary>
public static class LoadRun
{
    private const int MaxSamples = 1 << 21; // 2M samples (16 MB): far more than a few seconds can produce here.
    private const int KeptFailureSamples = 5;

    private static long _sequence; // Unique across every phase, so the server never sees a sourceEventId twice.

    /// <summary>Runs until <paramref name="duration"/> has passed; an operation in flight at the deadline still completes and counts.</summary>
    public static Task<Measurement> ForDurationAsync(int concurrency, TimeSpan duration, Operation operation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return RunAsync(concurrency, () => Stopwatch.GetTimestamp() < deadline, operation);
    }

    /// <summary>Runs exactly <paramref name="count"/> operations.</summary>
    public static Task<Measurement> ForCountAsync(int concurrency, long count, Operation operation)
    {
        long claimed = 0;
        return RunAsync(concurrency, () => Interlocked.Increment(ref claimed) <= count, operation);
    }

    private static async Task<Measurement> RunAsync(int concurrency, Func<bool> mayStartAnother, Operation operation)
    {
        var latencies = new long[MaxSamples];
        long recorded = 0, failed = 0;
        var failures = new List<string>();
        using var abort = new CancellationTokenSource();

        async Task WorkerAsync()
        {
            await Task.Yield(); // Let every worker start before any runs its loop.
            while (mayStartAnother())
            {
                var start = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await operation(Interlocked.Increment(ref _sequence), abort.Token);
                }
                catch (Exception e)
                {
                    failure = $"{e.GetType().Name}: {e.Message}";
                }
                var ticks = Stopwatch.GetTimestamp() - start;
                if (failure is null)
                {
                    var slot = Interlocked.Increment(ref recorded) - 1;
                    if (slot >= MaxSamples) throw new InvalidOperationException("more samples than preallocated; lower the duration");
                    latencies[slot] = ticks;
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    lock (failures) if (failures.Count < KeptFailureSamples) failures.Add(failure);
                }
            }
        }

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => WorkerAsync()));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var samples = latencies.AsSpan(0, (int)recorded);
        samples.Sort();
        return new Measurement(concurrency, recorded, failed, elapsed,
            PercentileMs(samples, 0.50), PercentileMs(samples, 0.99), failures);
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least p of all samples at or below it.</summary>
    private static double PercentileMs(ReadOnlySpan<long> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
