using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Node BullMQ's <c>Worker</c>: a <see cref="FetchLoop"/> takes jobs while one of the
/// <see cref="JobSlots"/> is free; each taken job runs in its slot and, when done, the
/// <see cref="JobFinisher"/> records its outcome and takes the next job its script handed over.
/// The <see cref="LockRenewer"/> renews locks within every half lock duration and the
/// <see cref="StalledJobChecker"/> requeues stalled jobs every stalled interval.
/// </summary>
public sealed class Worker : IAsyncDisposable
{
    /// <summary>How much longer than a blocking command the client waits before calling it timed out.</summary>
    private static readonly TimeSpan BlockingTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _connection;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly Scripts _scripts;
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly WorkerListeners _listeners = new();
    private readonly LockRenewer _locks;
    private readonly JobSlots _slots;
    private readonly StalledJobChecker _stalledChecker;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abandonJobs = new();
    private readonly CancellationTokenSource _stopMaintenance = new();
    private ConnectionMultiplexer? _blockingConnection;
    private Task _fetching = Task.CompletedTask;
    private Task _renewingLocks = Task.CompletedTask;
    private Task _checkingStalled = Task.CompletedTask;
    private int _started;
    private int _stopped;

    /// <param name="time">The clock of delays, lock ages and the timestamps sent to the scripts (tests may pass a fake one).</param>
    public Worker(IConnectionMultiplexer connection, string queueName, JobHandler handler, WorkerOptions? options = null, TimeProvider? time = null)
    {
        _connection = connection;
        _options = options ?? new WorkerOptions();
        _time = time ?? TimeProvider.System;
        if (_options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "concurrency must be at least 1");
        if (_options.MaxStalledCount < 0) throw new ArgumentOutOfRangeException(nameof(options), "maxStalledCount cannot be negative");
        if (_options.DrainDelay < FetchLoop.MinimumBlock) throw new ArgumentOutOfRangeException(nameof(options), "drainDelay must be at least 1 ms (0 would block forever)");
        if (_options.LockDuration <= TimeSpan.Zero || _options.StalledInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "lockDuration and stalledInterval must be positive");
        Keys = new QueueKeys(queueName, _options.Prefix);
        _scripts = new Scripts(connection.GetDatabase(), Keys, _time);
        _locks = new LockRenewer(_scripts, _options.LockDuration, _time, _listeners);
        var finisher = new JobFinisher(_scripts, _options, _time, _listeners, _abandonJobs.Token, () => !_stopFetching.IsCancellationRequested);
        _slots = new JobSlots(_options.Concurrency, handler, finisher, _locks, _listeners, _abandonJobs.Token);
        _stalledChecker = new StalledJobChecker(_scripts, _options, _time, _listeners);
    }

    public QueueKeys Keys { get; }

    /// <summary>A job finished; the second argument is the stored return value (JSON).</summary>
    public event Action<Job, string>? Completed { add => _listeners.Completed += value; remove => _listeners.Completed -= value; }

    /// <summary>An attempt failed (the job may still be retried, like Node's <c>failed</c> event).</summary>
    public event Action<Job, Exception>? Failed { add => _listeners.Failed += value; remove => _listeners.Failed -= value; }

    /// <summary>Something went wrong outside a job's own code: a lost connection, a lock that could not be renewed or was lost.</summary>
    public event Action<Exception>? Error { add => _listeners.Error += value; remove => _listeners.Error -= value; }

    /// <summary>The ids of jobs the stalled checker moved back to wait (or failed).</summary>
    public event Action<IReadOnlyList<string>>? Stalled { add => _listeners.Stalled += value; remove => _listeners.Stalled -= value; }

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

        var fetchLoop = new FetchLoop(_scripts, _options, _id, _slots, _blockingConnection, _time, _listeners);
        _checkingStalled = Task.Run(() => _stalledChecker.RunAsync(_stopMaintenance.Token), CancellationToken.None);
        _renewingLocks = Task.Run(() => _locks.RunAsync(_stopMaintenance.Token, _abandonJobs.Token), CancellationToken.None);
        _fetching = Task.Run(() => fetchLoop.RunAsync(_stopFetching.Token), CancellationToken.None);
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
        var deadline = _time.GetUtcNow() + gracePeriod;
        TimeSpan Remaining() => deadline > _time.GetUtcNow() ? deadline - _time.GetUtcNow() : TimeSpan.Zero;
        try
        {
            await _fetching.WaitAsync(Remaining(), _time, cancellationToken);
            // Once the fetcher has stopped no slot starts any more; wait for those still running.
            await _slots.WaitForRunningAsync(Remaining, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await _abandonJobs.CancelAsync();
        }
        await _stopMaintenance.CancelAsync();
        await Task.WhenAll(_renewingLocks, _checkingStalled);
        if (_blockingConnection is not null) await _blockingConnection.DisposeAsync();
    }

    /// <summary>
    /// Stops at once, abandoning running jobs. The cancellation sources and the slots' semaphore are
    /// not disposed: abandoned handlers may still hold their tokens and release their slots later.
    /// </summary>
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero);
}
