using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// The worker's concurrency: a job taken by the fetch loop runs in a free slot; when it is done,
/// the job its finishing script handed over runs in the same slot, until none is handed over.
/// </summary>
internal sealed class JobSlots(int concurrency, JobHandler handler, JobFinisher finisher, LockRenewer locks,
    WorkerListeners listeners, CancellationToken abandoned)
{
    private readonly SemaphoreSlim _free = new(concurrency, concurrency);
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _slotCounter;

    /// <summary>Waits for a free slot; the caller either starts a job in it or gives it back.</summary>
    public Task WaitForFreeAsync(CancellationToken cancellationToken) => _free.WaitAsync(cancellationToken);

    public void GiveBack() => _free.Release();

    /// <summary>Runs a taken job in the slot the caller holds.</summary>
    public void Start(Job job, string token)
    {
        var slot = Interlocked.Increment(ref _slotCounter);
        var running = RunAsync(slot, job, token);
        _running[slot] = running;
        if (running.IsCompleted) _running.TryRemove(slot, out _);
    }

    /// <summary>Waits for the running slots; call once no slot starts any more. Throws TimeoutException past <paramref name="timeout"/>.</summary>
    public async Task WaitForRunningAsync(Func<TimeSpan> timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        while (_running.Values.ToArray() is { Length: > 0 } running)
            await Task.WhenAll(running).WaitAsync(timeout(), time, cancellationToken);
    }

    private async Task RunAsync(long slot, Job taken, string token)
    {
        try
        {
            for (var job = taken; job is not null;) job = await ProcessAsync(job, token);
        }
        catch (Exception error)
        {
            listeners.ReportError(error);
        }
        finally
        {
            _running.TryRemove(slot, out _);
            _free.Release();
        }
    }

    /// <summary>Runs a job and records its outcome; returns the next job the finishing script handed over.</summary>
    private async Task<Job?> ProcessAsync(Job job, string token)
    {
        locks.Hold(job.Id, token);
        try
        {
            if (job.DeferredFailure is { } reason)
                return await finisher.FailAsync(job, token, new UnrecoverableJobException(reason));

            JsonNode? result;
            try
            {
                result = await handler(job, abandoned);
            }
            catch (Exception error) when (!abandoned.IsCancellationRequested)
            {
                return await finisher.FailAsync(job, token, error);
            }
            if (abandoned.IsCancellationRequested) return null;
            return await finisher.CompleteAsync(job, token, JsonText.Stringify(result));
        }
        catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            locks.Release(job.Id);
        }
    }
}
