using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// BullMQ's protocol: each method runs one of the pinned bullmq's Lua scripts with the keys and
/// arguments packed the way bullmq 6.7.0 packs them (see redis-queue-backend.js in the package).
/// </summary>
/// <param name="time">The clock of the timestamps the scripts receive (null: the system's).</param>
public sealed class Scripts(IDatabaseAsync database, QueueKeys keys, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly LuaScript AddStandardJob = LuaScripts.Get("addStandardJob", 9);
    private static readonly LuaScript AddDelayedJob = LuaScripts.Get("addDelayedJob", 6);
    private static readonly LuaScript AddPrioritizedJob = LuaScripts.Get("addPrioritizedJob", 9);
    private static readonly LuaScript MoveToActive = LuaScripts.Get("moveToActive", 11);
    private static readonly LuaScript MoveToFinished = LuaScripts.Get("moveToFinished", 14);
    private static readonly LuaScript MoveToDelayed = LuaScripts.Get("moveToDelayed", 11);
    private static readonly LuaScript RetryJob = LuaScripts.Get("retryJob", 11);
    private static readonly LuaScript ExtendLocks = LuaScripts.Get("extendLocks", 1);
    private static readonly LuaScript MoveStalledJobsToWait = LuaScripts.Get("moveStalledJobsToWait", 9);
    private static readonly LuaScript GetCounts = LuaScripts.Get("getCounts", 1);
    private static readonly LuaScript GetStateV2 = LuaScripts.Get("getStateV2", 8);

    public QueueKeys Keys => keys;

    /// <summary>Adds a job; returns its id (the existing one when a custom id was added before).</summary>
    public async Task<string> AddJobAsync(string name, string dataJson, byte[] packedOptions, long timestamp,
        string? jobId, bool delayed, bool prioritized)
    {
        // addJob's msgpacked argument array: key prefix, custom id, name, timestamp, parentKey,
        // parent dependencies key, parent, repeatJobKey, deduplication key, deferParentRelease.
        var args = MsgPack.Pack(new object?[] { keys.Base, jobId ?? "", name, timestamp, null, null, null, null, null, null });
        var (script, scriptKeys) = delayed
            ? (AddDelayedJob, new RedisKey[] { keys.Marker, keys.Meta, keys.Id, keys.Delayed, keys.Completed, keys.Events })
            : prioritized
                ? (AddPrioritizedJob, new RedisKey[] { keys.Marker, keys.Meta, keys.Id, keys.Prioritized, keys.Delayed, keys.Completed, keys.Active, keys.Events, keys.PriorityCounter })
                : (AddStandardJob, new RedisKey[] { keys.Wait, keys.Paused, keys.Meta, keys.Id, keys.Completed, keys.Delayed, keys.Active, keys.Events, keys.Marker });
        var result = await RunAsync(script, scriptKeys, [args, dataJson, packedOptions]);
        if (result.Resp2Type == ResultType.Integer && (long)result < 0)
            throw new QueueScriptException((int)result, "addJob", jobId);
        return (string)result!;
    }

    public async Task<NextJob> MoveToActiveAsync(string token, TimeSpan lockDuration, string? workerName)
    {
        var result = await RunAsync(MoveToActive,
            [keys.Wait, keys.Active, keys.Prioritized, keys.Events, keys.Stalled, keys.Limiter, keys.Delayed, keys.Paused, keys.Meta, keys.PriorityCounter, keys.Marker],
            [keys.Base, Now(), MsgPack.Pack(FetchOptions(token, lockDuration, workerName))]);
        return ToNextJob(result);
    }

    /// <summary>Completes or fails an active job; returns the next job when <paramref name="fetchNext"/> found one.</summary>
    public async Task<NextJob> MoveToFinishedAsync(Job job, string token, string target, string resultField, string resultValue,
        KeepJobs keepJobs, TimeSpan lockDuration, string? workerName, bool fetchNext, IReadOnlyList<string>? fieldsToUpdate = null)
    {
        var options = new List<KeyValuePair<string, object?>>
        {
            new(ScriptOptionNames.Token, token),
            new(ScriptOptionNames.KeepJobs, KeepJobsMap(keepJobs)),
            new(ScriptOptionNames.LockDuration, (long)lockDuration.TotalMilliseconds),
            new(ScriptOptionNames.Attempts, job.MaxAttempts),
            new(ScriptOptionNames.MaxMetricsSize, ""),
            new(ScriptOptionNames.FailParentOnFailure, false),
            new(ScriptOptionNames.ContinueParentOnFailure, false),
            new(ScriptOptionNames.IgnoreDependencyOnFailure, false),
            new(ScriptOptionNames.RemoveDependencyOnFailure, false),
        };
        if (workerName is not null) options.Add(new(ScriptOptionNames.WorkerName, workerName));
        var result = await RunAsync(MoveToFinished,
            [keys.Wait, keys.Active, keys.Prioritized, keys.Events, keys.Stalled, keys.Limiter, keys.Delayed, keys.Paused, keys.Meta, keys.PriorityCounter,
             target == BullJobStates.Completed ? keys.Completed : keys.Failed, keys.Job(job.Id), keys.Metrics(target), keys.Marker],
            [job.Id, Now(), resultField, resultValue, target, fetchNext ? 1 : 0, keys.Base, MsgPack.Pack(options), PackFields(fieldsToUpdate)]);
        ThrowIfError(result, "moveToFinished", job.Id);
        return ToNextJob(result);
    }

    public async Task<NextJob> MoveToDelayedAsync(string jobId, string token, long delayMs, IReadOnlyList<string>? fieldsToUpdate,
        bool fetchNext, TimeSpan lockDuration, string? workerName)
    {
        var result = await RunAsync(MoveToDelayed,
            [keys.Marker, keys.Active, keys.Prioritized, keys.Delayed, keys.Job(jobId), keys.Events, keys.Meta, keys.Stalled, keys.Wait, keys.Limiter, keys.PriorityCounter],
            [keys.Base, Now(), jobId, token, delayMs, "0", PackFields(fieldsToUpdate), fetchNext ? 1 : 0,
             fetchNext ? MsgPack.Pack(FetchOptions(token, lockDuration, workerName)) : RedisValue.EmptyString]);
        ThrowIfError(result, "moveToDelayed", jobId);
        return ToNextJob(result);
    }

    public async Task RetryJobAsync(string jobId, string token, bool lifo, IReadOnlyList<string>? fieldsToUpdate)
    {
        var result = await RunAsync(RetryJob,
            [keys.Active, keys.Wait, keys.Paused, keys.Job(jobId), keys.Meta, keys.Events, keys.Delayed, keys.Prioritized, keys.PriorityCounter, keys.Marker, keys.Stalled],
            [keys.Base, Now(), lifo ? "RPUSH" : "LPUSH", jobId, token, PackFields(fieldsToUpdate)]);
        ThrowIfError(result, "retryJob", jobId);
    }

    /// <summary>Extends the locks of active jobs; returns the ids whose lock could not be extended.</summary>
    public async Task<IReadOnlyList<string>> ExtendLocksAsync(IReadOnlyList<string> jobIds, IReadOnlyList<string> tokens, TimeSpan lockDuration)
    {
        var result = await RunAsync(ExtendLocks, [keys.Stalled],
            [keys.Base, MsgPack.Pack(tokens), MsgPack.Pack(jobIds), (long)lockDuration.TotalMilliseconds]);
        return StringArray(result);
    }

    /// <summary>Moves jobs whose lock expired back to wait (or to failed past maxStalledCount); returns their ids.</summary>
    public async Task<IReadOnlyList<string>> MoveStalledJobsToWaitAsync(int maxStalledCount, TimeSpan stalledInterval)
    {
        var result = await RunAsync(MoveStalledJobsToWait,
            [keys.Stalled, keys.Wait, keys.Active, keys.StalledCheck, keys.Meta, keys.Paused, keys.Marker, keys.Events, keys.Repeat],
            [maxStalledCount, keys.Base, Now(), (long)stalledInterval.TotalMilliseconds]);
        return StringArray(result);
    }

    public async Task<IReadOnlyDictionary<string, long>> GetCountsAsync(IReadOnlyList<string> states)
    {
        var types = states.Select(s => s == BullJobStates.Waiting ? BullJobStates.WaitKeySuffix : s).Select(s => (RedisValue)s).ToArray();
        var result = (RedisResult[])(await RunAsync(GetCounts, [keys.Base], types))!;
        var counts = new Dictionary<string, long>(states.Count);
        for (var i = 0; i < states.Count; i++) counts[states[i]] = (long)result[i];
        return counts;
    }

    public async Task<string> GetStateAsync(string jobId)
    {
        var result = await RunAsync(GetStateV2,
            [keys.Completed, keys.Failed, keys.Delayed, keys.Active, keys.Wait, keys.Paused, keys.WaitingChildren, keys.Prioritized],
            [jobId]);
        return (string)result!;
    }

    /// <summary>
    /// The active job whose lock holds one of <paramref name="tokens"/>, if any, with that token. A
    /// script that takes a job (moveToActive, or a finishing script handing over the next one) locks
    /// it with the caller's token; when its reply is lost in transit, this finds that job, which
    /// otherwise would wait, locked and unprocessed, for its lock to expire and a stalled check to
    /// requeue it. Plain reads, no script: the wire format is unchanged.
    /// </summary>
    public async Task<(Job Job, string Token)?> FindActiveJobLockedByAsync(IReadOnlyCollection<string> tokens)
    {
        if (tokens.Count == 0) return null;
        var active = await database.ListRangeAsync(keys.Active);
        var locks = await Task.WhenAll(active.Select(id => database.StringGetAsync(keys.Lock(id!))));
        for (var i = 0; i < active.Length; i++)
        {
            if (locks[i].IsNull || !tokens.Contains((string)locks[i]!)) continue;
            var entries = await database.HashGetAllAsync(keys.Job(active[i]!));
            if (entries.Length > 0) return (Job.FromHash(active[i]!, entries), (string)locks[i]!);
        }
        return null;
    }

    /// <summary>
    /// EVALSHA by the precomputed hash (evaluating by text would make the client hash ~30 KB of Lua
    /// per call); a server that does not know the script yet (new, restarted, flushed) gets it loaded.
    /// </summary>
    private async Task<RedisResult> RunAsync(LuaScript script, RedisKey[] scriptKeys, RedisValue[] args)
    {
        if (scriptKeys.Length != script.KeyCount)
            throw new InvalidOperationException($"{script.Name} needs {script.KeyCount} keys, got {scriptKeys.Length}");
        try
        {
            return await database.ScriptEvaluateAsync(script.Sha1, scriptKeys, args);
        }
        catch (RedisServerException error) when (error.Message.StartsWith(NoScriptError, StringComparison.Ordinal))
        {
            await database.ExecuteAsync(ScriptCommand, ScriptLoadSubcommand, script.Text);
            return await database.ScriptEvaluateAsync(script.Sha1, scriptKeys, args);
        }
    }

    private const string NoScriptError = "NOSCRIPT";
    private const string ScriptCommand = "SCRIPT";
    private const string ScriptLoadSubcommand = "LOAD";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static List<KeyValuePair<string, object?>> FetchOptions(string token, TimeSpan lockDuration, string? workerName)
    {
        var options = new List<KeyValuePair<string, object?>>
        {
            new(ScriptOptionNames.Token, token),
            new(ScriptOptionNames.LockDuration, (long)lockDuration.TotalMilliseconds),
        };
        if (workerName is not null) options.Add(new(ScriptOptionNames.WorkerName, workerName));
        return options;
    }

    internal static List<KeyValuePair<string, object?>> KeepJobsMap(KeepJobs keep)
    {
        var map = new List<KeyValuePair<string, object?>>();
        if (keep.Count is { } count) map.Add(new(JobOptionNames.KeepCount, count));
        if (keep.Age is { } age) map.Add(new(JobOptionNames.KeepAge, (long)age.TotalSeconds));
        return map;
    }

    private static RedisValue PackFields(IReadOnlyList<string>? fields) =>
        fields is null ? RedisValue.EmptyString : MsgPack.Pack(fields);

    private static void ThrowIfError(RedisResult result, string command, string jobId)
    {
        if (result.Resp2Type == ResultType.Integer && (long)result < 0)
            throw new QueueScriptException((int)(long)result, command, jobId);
    }

    private NextJob ToNextJob(RedisResult result)
    {
        if (result.Resp2Type != ResultType.Array) return NextJob.None;
        var parts = (RedisResult[])result!;
        if (parts.Length < 4) return NextJob.None;
        var job = parts[0].Resp2Type == ResultType.Array && ((RedisResult[])parts[0]!).Length > 0
            ? Job.FromFlatArray((string)parts[1]!, (RedisResult[])parts[0]!)
            : null;
        return new NextJob(job, ToLong(parts[2]), ToLong(parts[3]));
    }

    private static long ToLong(RedisResult value) => value.IsNull ? 0 : (long)value;

    private static IReadOnlyList<string> StringArray(RedisResult result) =>
        result.Resp2Type == ResultType.Array ? ((RedisResult[])result!).Select(r => (string)r!).ToList() : [];
}
