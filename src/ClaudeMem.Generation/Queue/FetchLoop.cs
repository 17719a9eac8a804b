using System.Globalization;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// The worker's fetcher: while a slot is free, takes a job (<c>moveToActive</c>) and starts it in
/// that slot; while the queue is empty, blocks on the queue's marker on a connection of its own
/// (blocking commands would hold up the shared connection's socket).
/// </summary>
internal sealed class FetchLoop(Scripts scripts, WorkerOptions options, string workerId, JobSlots slots,
    IConnectionMultiplexer blockingConnection, TimeProvider time, WorkerListeners listeners)
{
    private const string BlockingPopCommand = "BZPOPMIN";

    /// <summary>Blocking waits shorter than this are not worth a round trip (Node's minimumBlockTimeout).</summary>
    public static readonly TimeSpan MinimumBlock = TimeSpan.FromMilliseconds(1);

    private long _tokenCounter;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await slots.WaitForFreeAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (await FetchOneAsync(stopping) is { } taken)
                slots.Start(taken.Job, taken.Token);
            else
                slots.GiveBack();
        }
    }

    /// <summary>Takes a job, blocking on the marker while the queue is empty; null only when stopping.</summary>
    private async Task<(Job Job, string Token)?> FetchOneAsync(CancellationToken stopping)
    {
        // A fetch that failed in transit may have taken a job all the same: it is locked with that fetch's token, so ours.
        var failedTokens = new HashSet<string>();
        while (!stopping.IsCancellationRequested)
        {
            var token = NewToken();
            try
            {
                if (await scripts.FindActiveJobLockedByAsync(failedTokens) is { } taken) return taken;
                failedTokens.Clear();
                var next = await scripts.MoveToActiveAsync(token, options.LockDuration, options.Name);
                if (next.Job is not null) return (next.Job, token);
                // A queue rate limited by another client (Node's limiter) hands out nothing until the limit expires.
                if (next.RateLimitDelayMs > 0)
                    await QuietDelay.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(next.RateLimitDelayMs, options.DrainDelay.TotalMilliseconds)), time, stopping);
                else
                    await WaitForMarkerAsync(next.NextDelayedTimestamp, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception error)
            {
                // Like Node's retryIfFailed: report, wait, try again; the fetcher must not die.
                if (RedisErrors.IsTransient(error)) failedTokens.Add(token);
                listeners.ReportError(error);
                await QuietDelay.WaitAsync(options.ConnectionRetryDelay, time, stopping);
            }
        }
        return null;
    }

    /// <summary>Blocks until a job may be there: a marker was added, the next delayed job is due, or the drain delay passed.</summary>
    private async Task WaitForMarkerAsync(long nextDelayedTimestamp, CancellationToken stopping)
    {
        var timeout = options.DrainDelay;
        if (nextDelayedTimestamp > 0)
        {
            var untilDue = DateTimeOffset.FromUnixTimeMilliseconds(nextDelayedTimestamp) - time.GetUtcNow();
            if (untilDue <= TimeSpan.Zero) return;
            timeout = untilDue < MinimumBlock ? MinimumBlock : untilDue < timeout ? untilDue : timeout;
        }
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        // The command cannot be cancelled on the server; stopping just stops waiting for it.
        await blockingConnection.GetDatabase().ExecuteAsync(BlockingPopCommand, scripts.Keys.Marker, seconds).WaitAsync(stopping);
    }

    private string NewToken() => $"{workerId}:{Interlocked.Increment(ref _tokenCounter)}";
}
