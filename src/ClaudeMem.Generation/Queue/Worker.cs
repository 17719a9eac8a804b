using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>Runs one job; the returned JSON becomes the job's return value (null is stored as <c>null</c>).</summary>
public delegate Task<JsonNode?> JobHandler(Job job, CancellationToken cancellationToken);

/// <summary>
/// Node BullMQ's <c>Worker</c>: one fetcher takes jobs while a slot is free (blocking on the queue's
/// marker, on a connection of its own, when there are none); each taken job runs in its slot and,
/// when done, its finishing script hands over the next job. Locks are renewed within every half lock
/// duration, stalled jobs are requeued every stalled interval, retries are decided here as Node does.
/// </summary>
public sealed class Worker : IAsyncDisposable
{
    private const string BlockingPopCommand = "BZPOPMIN";
    private const string LoadingErrorPrefix = "LOADING";

    /// <summary>Blocking waits shorter than this are not worth a round trip (Node's minimumBlockTimeout).</summary>
    private static readonly TimeSpan MinimumBlock = TimeSpan.FromMilliseconds(1);

    /// <summary>How much longer than a blocking command the client waits before calling it timed out.</summary>
    private static readonly TimeSpan BlockingTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _connection;
    private readonly JobHandler _handler;
    private readonly WorkerOptions _options;
    private readonly Scripts _scripts;
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, HeldLock> _lockedJobs = new();
    private readonly ConcurrentDictionary<long, Task> _runningSlots = new();
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abandonJobs = new();
    private readonly CancellationTokenSource _stopMaintenance = new();
    private long _tokenCounter;
    private long _slotCounter;
    private ConnectionMultiplexer? _blockingConnection;
    private Task _fetcher = Task.CompletedTask;
    private Task _lockRenewer = Task.CompletedTask;
    private Task _stalledChecker = Task.CompletedTask;
    private int _started;
    private int _stopped;

    public Worker(IConnectionMultiplexer connection, string queueName, JobHandler handler, WorkerOptions? options = null)
    {
        _connection = connection;
        _handler = handler;
        _options = options ?? new WorkerOptions();
        if (_options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "concurrency must be at least 1");
        if (_options.MaxStalledCount < 0) throw new ArgumentOutOfRangeException(nameof(options), "maxStalledCount cannot be negative");
        if (_options.DrainDelay < MinimumBlock) throw new ArgumentOutOfRangeException(nameof(options), "drainDelay must be at least 1 ms (0 would block forever)");
        if (_options.LockDuration <= TimeSpan.Zero || _options.StalledInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "lockDuration and stalledInterval must be positive");
        Keys = new QueueKeys(queueName, _options.Prefix);
        _scripts = new Scripts(connection.GetDatabase(), Keys);
        _slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
    }

    public QueueKeys Keys { get; }

    /// <summary>A job finished; the second argument is the stored return value (JSON).</summary>
    public event Action<Job, string>? Completed;

    /// <summary>An attempt failed (the job may still be retried, like Node's <c>failed</c> event).</summary>
    public event Action<Job, Exception>? Failed;

    /// <summary>Something went wrong outside a job's own code: a lost connection, a lock that could not be renewed or was lost.</summary>
    public event Action<Exception>? Error;

    /// <summary>The ids of jobs the stalled checker moved back to wait (or failed).</summary>
    public event Action<IReadOnlyList<string>>? Stalled;

    /// <summary>Opens the blocking connection and starts fetching, lock renewal and the stalled checker.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("the worker is already started");
        var blocking = ConfigurationOptions.Parse(_connection.Configuration);
        blocking.AbortOnConnectFail = false;
        blocking.ClientName = $"{Keys.QueueName}:w:{_id}:blocking";
        var blockingTimeout = (int)(_options.DrainDelay + BlockingTimeoutMargin).TotalMilliseconds;
        blocking.AsyncTimeout = Math.Max(blocking.AsyncTimeout, blockingTimeout);
        blocking.SyncTimeout = Math.Max(blocking.SyncTimeout, blockingTimeout);
        _blockingConnection = await ConnectionMultiplexer.ConnectAsync(blocking).WaitAsync(cancellationToken);

        _stalledChecker = Task.Run(CheckStalledJobsAsync, CancellationToken.None);
        _lockRenewer = Task.Run(RenewLocksAsync, CancellationToken.None);
        _fetcher = Task.Run(FetchJobsAsync, CancellationToken.None);
    }

    /// <summary>
    /// Stops taking jobs and waits up to <paramref name="gracePeriod"/> for the running ones to finish.
    /// Jobs still running then are abandoned (their cancellation token fires, their locks are no
    /// longer renewed) and left to a stalled checker to requeue.
    /// </summary>
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stopFetching.CancelAsync();
        var deadline = DateTime.UtcNow + gracePeriod;
        try
        {
            await _fetcher.WaitAsync(Remaining(deadline), cancellationToken);
            // Once the fetcher has stopped no slot starts any more; wait for those still running.
            while (_runningSlots.Values.ToArray() is { Length: > 0 } running)
                await Task.WhenAll(running).WaitAsync(Remaining(deadline), cancellationToken);
        }
        catch (TimeoutException)
        {
            await _abandonJobs.CancelAsync();
        }
        await _stopMaintenance.CancelAsync();
        await Task.WhenAll(_lockRenewer, _stalledChecker);
        if (_blockingConnection is not null) await _blockingConnection.DisposeAsync();
    }

    /// <summary>
    /// Stops at once, abandoning running jobs. The cancellation sources and the semaphore are not
    /// disposed: abandoned handlers may still hold their tokens and release their slots later.
    /// </summary>
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero);

    private async Task FetchJobsAsync()
    {
        var stopping = _stopFetching.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var job = await FetchOneAsync(stopping);
            if (job is null)
            {
                _slots.Release();
                continue;
            }
            var slot = Interlocked.Increment(ref _slotCounter);
            var running = RunSlotAsync(slot, job.Value);
            _runningSlots[slot] = running;
            if (running.IsCompleted) _runningSlots.TryRemove(slot, out _);
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
                if (await _scripts.FindActiveJobLockedByAsync(failedTokens) is { } taken) return taken;
                failedTokens.Clear();
                var next = await _scripts.MoveToActiveAsync(token, _options.LockDuration, _options.Name);
                if (next.Job is not null) return (next.Job, token);
                // A queue rate limited by another client (Node's limiter) hands out nothing until the limit expires.
                if (next.RateLimitDelayMs > 0)
                    await DelayQuietly(TimeSpan.FromMilliseconds(Math.Min(next.RateLimitDelayMs, _options.DrainDelay.TotalMilliseconds)), stopping);
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
                if (IsTransient(error)) failedTokens.Add(token);
                ReportError(error);
                await DelayQuietly(_options.ConnectionRetryDelay, stopping);
            }
        }
        return null;
    }

    /// <summary>Blocks until a job may be there: a marker was added, the next delayed job is due, or the drain delay passed.</summary>
    private async Task WaitForMarkerAsync(long nextDelayedTimestamp, CancellationToken stopping)
    {
        var timeout = _options.DrainDelay;
        if (nextDelayedTimestamp > 0)
        {
            var untilDue = DateTimeOffset.FromUnixTimeMilliseconds(nextDelayedTimestamp) - DateTimeOffset.UtcNow;
            if (untilDue <= TimeSpan.Zero) return;
            timeout = untilDue < MinimumBlock ? MinimumBlock : untilDue < timeout ? untilDue : timeout;
        }
        var blocking = _blockingConnection!.GetDatabase();
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        // The command cannot be cancelled on the server; stopping just stops waiting for it.
        await blocking.ExecuteAsync(BlockingPopCommand, Keys.Marker, seconds).WaitAsync(stopping);
    }

    private async Task RunSlotAsync(long slot, (Job Job, string Token) taken)
    {
        try
        {
            (Job Job, string Token)? current = taken;
            while (current is { } work)
            {
                var next = await ProcessAsync(work.Job, work.Token);
                current = next is null ? null : (next, work.Token);
            }
        }
        catch (Exception error)
        {
            ReportError(error);
        }
        finally
        {
            _runningSlots.TryRemove(slot, out _);
            _slots.Release();
        }
    }

    /// <summary>Runs a job and records its outcome; returns the next job the finishing script handed over.</summary>
    private async Task<Job?> ProcessAsync(Job job, string token)
    {
        _lockedJobs[job.Id] = new HeldLock(token, Environment.TickCount64);
        try
        {
            if (job.DeferredFailure is { } reason)
                return await FailAsync(job, token, new UnrecoverableJobException(reason));

            JsonNode? result;
            try
            {
                result = await _handler(job, _abandonJobs.Token);
            }
            catch (Exception error) when (!_abandonJobs.IsCancellationRequested)
            {
                return await FailAsync(job, token, error);
            }
            if (_abandonJobs.IsCancellationRequested) return null;
            return await CompleteAsync(job, token, JsonText.Stringify(result));
        }
        catch (OperationCanceledException) when (_abandonJobs.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            _lockedJobs.TryRemove(job.Id, out _);
        }
    }

    private async Task<Job?> CompleteAsync(Job job, string token, string returnValue)
    {
        var next = await FinishAsync(job, token, () => _scripts.MoveToFinishedAsync(job, token, JobStates.Completed, JobFields.ReturnValue, returnValue,
            job.KeepJobsOption(JobOptionNames.RemoveOnComplete) ?? _options.RemoveOnComplete ?? KeepJobs.All,
            _options.LockDuration, _options.Name, FetchNext), FinishedAs(JobStates.Completed));
        if (next is not null && Completed is { } completed) Notify(() => completed(job, returnValue));
        return next?.Job;
    }

    /// <summary>Node's client-side retry: another attempt unless unrecoverable, out of attempts or refused by a custom backoff (-1), after the backoff.</summary>
    private async Task<Job?> FailAsync(Job job, string token, Exception error)
    {
        var attemptsMade = job.AttemptsMade + 1;
        var retry = error is not UnrecoverableJobException && attemptsMade < job.MaxAttempts;
        long delay = 0;
        if (retry && job.Backoff is { } backoff)
        {
            try
            {
                delay = backoff.Calculate(attemptsMade, error, job, _options.BackoffStrategy, Random.Shared);
            }
            catch (Exception strategyError)
            {
                // Node would leave the job active until it stalls; failing it with the reason is kinder.
                ReportError(strategyError);
                error = new UnrecoverableJobException(strategyError.Message, error);
                delay = -1;
            }
            if (delay < 0) retry = false;
        }
        var stacktrace = job.Stacktrace.Append(error.ToString()).ToList();
        if (job.StackTraceLimit is { } limit) stacktrace = limit == 0 ? [] : stacktrace.TakeLast(limit).ToList();
        string[] fieldsToUpdate =
        [
            JobFields.FailedReason, error.Message,
            JobFields.Stacktrace, JsonText.Stringify(new JsonArray(stacktrace.Select(t => (JsonNode?)t).ToArray())),
        ];

        NextJob? next;
        if (retry && delay > 0)
            next = await FinishAsync(job, token, () => _scripts.MoveToDelayedAsync(job.Id, token, delay, fieldsToUpdate, FetchNext, _options.LockDuration, _options.Name), MovedOn);
        else if (retry)
            next = await FinishAsync(job, token, async () => { await _scripts.RetryJobAsync(job.Id, token, job.Lifo, fieldsToUpdate); return NextJob.None; }, MovedOn);
        else
            next = await FinishAsync(job, token, () => _scripts.MoveToFinishedAsync(job, token, JobStates.Failed, JobFields.FailedReason, error.Message,
                job.KeepJobsOption(JobOptionNames.RemoveOnFail) ?? _options.RemoveOnFail ?? KeepJobs.All,
                _options.LockDuration, _options.Name, FetchNext, fieldsToUpdate), FinishedAs(JobStates.Failed));
        if (next is not null && Failed is { } failed) Notify(() => failed(job, error));
        return next?.Job;
    }

    private bool FetchNext => !_stopFetching.IsCancellationRequested;

    /// <summary>
    /// Runs a finishing script, retrying through lost connections until it succeeds or the job is
    /// abandoned. Returns null when the job could not be finished (its lock was lost, or abandoned).
    /// When a reply was lost, the script may have run: the retry then finds the job no longer
    /// locked by us, and the job's state tells whether the earlier call went through.
    /// </summary>
    private async Task<NextJob?> FinishAsync(Job job, string token, Func<Task<NextJob>> finish, Func<string, bool> isOutcomeState)
    {
        var replyLost = false;
        while (true)
        {
            try
            {
                return await finish();
            }
            catch (QueueScriptException error)
            {
                // The lost reply's call went through; it may also have handed over the next job, locked with our token.
                if (replyLost && await OutcomeRecordedAsync(job, isOutcomeState)) return await HandedOverAsync(token);
                ReportError(error);
                return null;
            }
            catch (Exception error) when (IsTransient(error) && !_abandonJobs.IsCancellationRequested)
            {
                replyLost = true;
                ReportError(new InvalidOperationException($"could not record the outcome of job {job.Id}; retrying", error));
                await DelayQuietly(_options.ConnectionRetryDelay, _abandonJobs.Token);
            }
            if (_abandonJobs.IsCancellationRequested) return null;
        }
    }

    private async Task<NextJob> HandedOverAsync(string token)
    {
        try
        {
            return await _scripts.FindActiveJobLockedByAsync([token]) is { } handedOver ? new NextJob(handedOver.Job, 0, 0) : NextJob.None;
        }
        catch (Exception error) when (IsTransient(error))
        {
            // The stalled check requeues it once its lock expires.
            return NextJob.None;
        }
    }

    private async Task<bool> OutcomeRecordedAsync(Job job, Func<string, bool> isOutcomeState)
    {
        try
        {
            return isOutcomeState(await _scripts.GetStateAsync(job.Id));
        }
        catch (Exception error) when (IsTransient(error))
        {
            return false;
        }
    }

    /// <summary>Finished, or gone because retention removed it at once.</summary>
    private static Func<string, bool> FinishedAs(string target) => state => state == target || state == JobStates.Unknown;

    /// <summary>Moved on from active (to delayed or waiting, or already taken again and finished).</summary>
    private static bool MovedOn(string state) => state != JobStates.Active;

    /// <summary>
    /// Like Node's LockManager: every quarter lock duration, extend the locks taken or last extended
    /// more than a quarter lock duration ago, so a lock is renewed within half its duration.
    /// </summary>
    private async Task RenewLocksAsync()
    {
        var stopping = _stopMaintenance.Token;
        var quarter = _options.LockDuration / 4;
        while (await DelayQuietly(quarter, stopping))
        {
            if (_abandonJobs.IsCancellationRequested) return;
            var now = Environment.TickCount64;
            var due = _lockedJobs.Where(l => now - l.Value.RenewedAt >= quarter.TotalMilliseconds).ToArray();
            if (due.Length == 0) continue;
            foreach (var (jobId, held) in due) _lockedJobs.TryUpdate(jobId, held with { RenewedAt = now }, held);
            try
            {
                var notExtended = await _scripts.ExtendLocksAsync(due.Select(l => l.Key).ToList(), due.Select(l => l.Value.Token).ToList(), _options.LockDuration);
                foreach (var jobId in notExtended)
                    ReportError(new InvalidOperationException($"could not renew the lock of job {jobId}"));
            }
            catch (Exception error)
            {
                ReportError(error);
            }
        }
    }

    private async Task CheckStalledJobsAsync()
    {
        var stopping = _stopMaintenance.Token;
        do
        {
            try
            {
                var stalled = await _scripts.MoveStalledJobsToWaitAsync(_options.MaxStalledCount, _options.StalledInterval);
                if (stalled.Count > 0 && Stalled is { } onStalled) Notify(() => onStalled(stalled));
            }
            catch (Exception error)
            {
                ReportError(error);
            }
        } while (await DelayQuietly(_options.StalledInterval, stopping));
    }

    private sealed record HeldLock(string Token, long RenewedAt);

    private string NewToken() => $"{_id}:{Interlocked.Increment(ref _tokenCounter)}";

    /// <summary>Runs a listener; one that throws is reported, never allowed to derail the job that follows.</summary>
    private void Notify(Action listener)
    {
        try
        {
            listener();
        }
        catch (Exception error)
        {
            ReportError(error);
        }
    }

    private void ReportError(Exception error)
    {
        try
        {
            Error?.Invoke(error);
        }
        catch
        {
            // A faulty listener must not stop the worker.
        }
    }

    /// <summary>Errors that go away by themselves: a lost or restarting server.</summary>
    public static bool IsTransient(Exception error) => error switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => true,
        RedisServerException server => server.Message.StartsWith(LoadingErrorPrefix, StringComparison.Ordinal),
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline > DateTime.UtcNow ? deadline - DateTime.UtcNow : TimeSpan.Zero;

    /// <summary>Waits, returning false instead of throwing when cancelled.</summary>
    private static async Task<bool> DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
