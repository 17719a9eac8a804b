using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// The producer and inspection side of a BullMQ queue (Node's <c>Queue</c>): adds jobs, counts
/// them by state, reads them back. Thread-safe; share one per queue.
/// </summary>
public sealed class Queue
{
    /// <summary>BullMQ's highest priority number (<c>PRIORITY_LIMIT</c>, 2^21).</summary>
    public const int MaxPriority = 2_097_152;

    private readonly IDatabase _database;
    private readonly TimeProvider _time;

    /// <param name="time">The clock of the jobs' timestamps (null: the system's).</param>
    public Queue(IConnectionMultiplexer connection, string name, string prefix = QueueKeys.DefaultPrefix, TimeProvider? time = null)
    {
        _database = connection.GetDatabase();
        _time = time ?? TimeProvider.System;
        Keys = new QueueKeys(name, prefix);
        Scripts = new Scripts(_database, Keys, _time);
    }

    public string Name => Keys.QueueName;
    public QueueKeys Keys { get; }
    public Scripts Scripts { get; }

    public Task<string> AddAsync(string jobName, JsonNode? data, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        AddAsync(jobName, data is null ? "{}" : JsonText.Stringify(data), options, cancellationToken);

    /// <summary>Adds a job whose data is already JSON text; returns its id. Re-adding an existing custom id is a no-op.</summary>
    public async Task<string> AddAsync(string jobName, string dataJson, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new JobOptions();
        Validate(options);
        var delayed = options.Delay is { } delay && delay > TimeSpan.Zero;
        return await Scripts.AddJobAsync(jobName, dataJson, MsgPack.Pack(StoredOptions(options)), _time.GetUtcNow().ToUnixTimeMilliseconds(),
                options.JobId, delayed, prioritized: options.Priority > 0)
            .WaitAsync(cancellationToken);
    }

    /// <summary>Counts jobs by state, like <c>Queue.getJobCounts()</c>; all states when none are named.</summary>
    public Task<IReadOnlyDictionary<string, long>> GetJobCountsAsync(IReadOnlyList<string>? states = null, CancellationToken cancellationToken = default) =>
        Scripts.GetCountsAsync(states is { Count: > 0 } ? states : BullJobStates.All).WaitAsync(cancellationToken);

    public async Task<Job?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var entries = await _database.HashGetAllAsync(Keys.Job(jobId)).WaitAsync(cancellationToken);
        return entries.Length == 0 ? null : Job.FromHash(jobId, entries);
    }

    /// <summary>
    /// Whether Valkey holds each job's record, in any state: exactly when adding its id again is a no-op. One
    /// pipelined EXISTS per id, where <see cref="GetJobStateAsync"/> would search the wait list (LPOS, linear in
    /// the backlog).
    /// </summary>
    public async Task<bool[]> HoldsJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        var batch = _database.CreateBatch();
        var checks = jobIds.Select(id => batch.KeyExistsAsync(Keys.Job(id))).ToArray();
        batch.Execute();
        return await Task.WhenAll(checks).WaitAsync(cancellationToken);
    }

    /// <summary>One of <see cref="BullJobStates"/>; <see cref="BullJobStates.Unknown"/> when there is no such job.</summary>
    public Task<string> GetJobStateAsync(string jobId, CancellationToken cancellationToken = default) =>
        Scripts.GetStateAsync(jobId).WaitAsync(cancellationToken);

    /// <summary>Node's rules for custom ids: auto-generated ids are integers, and ':' separates key parts.</summary>
    public static void ValidateJobId(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var digits = jobId.StartsWith('-') ? jobId[1..] : jobId;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
            throw new ArgumentException($"custom job id '{jobId}' cannot be an integer", nameof(jobId));
        if (jobId.Contains(':'))
            throw new ArgumentException($"custom job id '{jobId}' cannot contain ':'", nameof(jobId));
    }

    private static void Validate(JobOptions options)
    {
        if (options.JobId is not null) ValidateJobId(options.JobId);
        if (options.Priority is < 0 or > MaxPriority)
            throw new ArgumentOutOfRangeException(nameof(options), $"priority must be between 0 and {MaxPriority}");
        if (options.Attempts < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "attempts cannot be negative");
        if (options.Backoff?.Jitter is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "jitter must be between 0 and 1");
        // Any other type is a custom strategy, computed by the consuming worker (Node accepts it too).
        if (options.Backoff is { Type.Length: 0 })
            throw new ArgumentException("a backoff needs a type", nameof(options));
    }

    /// <summary>The options as Node's <c>Job</c> stores them: <c>attempts</c> always, the rest only when set.</summary>
    private static List<KeyValuePair<string, object?>> StoredOptions(JobOptions options)
    {
        var stored = new List<KeyValuePair<string, object?>> { new(JobOptionNames.Attempts, options.Attempts) };
        if (options.Backoff is { } backoff)
        {
            var map = new List<KeyValuePair<string, object?>> { new(JobOptionNames.BackoffType, backoff.Type), new(JobOptionNames.BackoffDelay, backoff.DelayMs) };
            if (backoff.Jitter is { } jitter) map.Add(new(JobOptionNames.BackoffJitter, jitter));
            stored.Add(new(JobOptionNames.Backoff, map));
        }
        if (options.Delay is { } delay) stored.Add(new(JobOptionNames.Delay, (long)delay.TotalMilliseconds));
        if (options.Priority != 0) stored.Add(new(JobOptionNames.Priority, options.Priority));
        if (options.Lifo) stored.Add(new(JobOptionNames.Lifo, true));
        if (options.RemoveOnComplete is { } onComplete) stored.Add(new(JobOptionNames.RemoveOnComplete, Scripts.KeepJobsMap(onComplete)));
        if (options.RemoveOnFail is { } onFail) stored.Add(new(JobOptionNames.RemoveOnFail, Scripts.KeepJobsMap(onFail)));
        if (options.StackTraceLimit is { } limit) stored.Add(new(JobOptionNames.StackTraceLimit, limit));
        if (options.JobId is { } jobId) stored.Add(new(JobOptionNames.JobId, jobId));
        return stored;
    }
}
