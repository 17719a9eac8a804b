using System.Collections.Concurrent;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Like Node's LockManager: every quarter lock duration, extend the locks taken or last extended
/// more than a quarter lock duration ago, so a lock is renewed within half its duration.
/// </summary>
internal sealed class LockRenewer(Scripts scripts, TimeSpan lockDuration, TimeProvider time, WorkerListeners listeners)
{
    private readonly ConcurrentDictionary<string, HeldLock> _held = new();

    public void Hold(string jobId, string token) => _held[jobId] = new HeldLock(token, time.GetTimestamp());

    public void Release(string jobId) => _held.TryRemove(jobId, out _);

    /// <param name="stopping">Ends the loop.</param>
    /// <param name="abandoned">Abandoned jobs' locks are no longer renewed, so a stalled checker can requeue them.</param>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abandoned)
    {
        var quarter = lockDuration / 4;
        while (await QuietDelay.WaitAsync(quarter, time, stopping))
        {
            if (abandoned.IsCancellationRequested) return;
            var now = time.GetTimestamp();
            var due = _held.Where(l => time.GetElapsedTime(l.Value.RenewedAt, now) >= quarter).ToArray();
            if (due.Length == 0) continue;
            foreach (var (jobId, held) in due) _held.TryUpdate(jobId, held with { RenewedAt = now }, held);
            try
            {
                var notExtended = await scripts.ExtendLocksAsync(due.Select(l => l.Key).ToList(), due.Select(l => l.Value.Token).ToList(), lockDuration);
                foreach (var jobId in notExtended)
                    listeners.ReportError(new InvalidOperationException($"could not renew the lock of job {jobId}"));
            }
            catch (Exception error)
            {
                listeners.ReportError(error);
            }
        }
    }

    /// <param name="RenewedAt">When the lock was taken or last extended, as a <see cref="TimeProvider"/> timestamp.</param>
    private sealed record HeldLock(string Token, long RenewedAt);
}
