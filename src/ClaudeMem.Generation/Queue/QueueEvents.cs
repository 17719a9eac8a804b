using System.Globalization;
using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Reads <c>&lt;prefix&gt;:&lt;queue&gt;:events</c>, the stream Node's <c>QueueEvents</c> listens to.
/// Live reading blocks with XREAD on a connection of its own.
/// </summary>
public sealed class QueueEvents : IAsyncDisposable
{
    private const string StreamStart = "0-0";
    private static readonly TimeSpan BlockingTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly IDatabase _database;
    private readonly ConnectionMultiplexer _blockingConnection;
    private readonly TimeSpan _block;

    private QueueEvents(IDatabase database, ConnectionMultiplexer blockingConnection, QueueKeys keys, TimeSpan block)
    {
        _database = database;
        _blockingConnection = blockingConnection;
        Keys = keys;
        _block = block;
    }

    public QueueKeys Keys { get; }

    public static async Task<QueueEvents> ConnectAsync(IConnectionMultiplexer connection, string queueName,
        string prefix = QueueKeys.DefaultPrefix, TimeSpan? block = null, CancellationToken cancellationToken = default)
    {
        var blockFor = block ?? TimeSpan.FromSeconds(5);
        var options = ConfigurationOptions.Parse(connection.Configuration);
        options.AbortOnConnectFail = false;
        var timeout = (int)(blockFor + BlockingTimeoutMargin).TotalMilliseconds;
        options.AsyncTimeout = Math.Max(options.AsyncTimeout, timeout);
        options.SyncTimeout = Math.Max(options.SyncTimeout, timeout);
        var blocking = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
        return new QueueEvents(connection.GetDatabase(), blocking, new QueueKeys(queueName, prefix), blockFor);
    }

    /// <summary>The events stored now, oldest first.</summary>
    public async Task<IReadOnlyList<QueueEvent>> ReadRangeAsync(string from = "-", string to = "+", CancellationToken cancellationToken = default)
    {
        var entries = await _database.StreamRangeAsync(Keys.Events, from, to).WaitAsync(cancellationToken);
        return entries.Select(ToEvent).ToList();
    }

    /// <summary>
    /// Follows the stream: every event after <paramref name="afterId"/> (null: only events added from
    /// now on, like Node's default), surviving lost connections, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<QueueEvent> FollowAsync(string? afterId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lastId = afterId ?? await LastIdAsync(cancellationToken);
        var blocking = _blockingConnection.GetDatabase();
        var blockMs = ((long)_block.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        while (!cancellationToken.IsCancellationRequested)
        {
            RedisResult reply;
            try
            {
                reply = await blocking.ExecuteAsync("XREAD", "BLOCK", blockMs, "STREAMS", Keys.Events, lastId).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            catch (Exception error) when (RedisErrors.IsTransient(error))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            foreach (var streamEvent in ParseRead(reply))
            {
                lastId = streamEvent.Id;
                yield return streamEvent;
            }
        }
    }

    public ValueTask DisposeAsync() => _blockingConnection.DisposeAsync();

    private async Task<string> LastIdAsync(CancellationToken cancellationToken)
    {
        var last = await _database.StreamRangeAsync(Keys.Events, "-", "+", count: 1, messageOrder: Order.Descending).WaitAsync(cancellationToken);
        return last.Length == 0 ? StreamStart : (string)last[0].Id!;
    }

    private static QueueEvent ToEvent(StreamEntry entry)
    {
        var fields = entry.Values.ToDictionary(v => (string)v.Name!, v => (string?)v.Value ?? "");
        return new QueueEvent(entry.Id!, fields.GetValueOrDefault(QueueEvent.EventField, ""), fields);
    }

    /// <summary>
    /// XREAD's reply, or nil when the block timed out: in RESP2 [[stream, entries]], in RESP3 a
    /// map stream => entries (which arrives flattened); entries are [[id, [field, value, ...]], ...].
    /// </summary>
    private static IEnumerable<QueueEvent> ParseRead(RedisResult reply)
    {
        if (reply.IsNull || reply.Resp2Type != ResultType.Array) yield break;
        var top = (RedisResult[])reply!;
        var streams = top.Length > 0 && top[0].Resp2Type != ResultType.Array
            ? top.Where((_, i) => i % 2 == 1)
            : top.Select(pair => ((RedisResult[])pair!)[1]);
        foreach (var stream in streams)
        {
            foreach (var entry in (RedisResult[])stream!)
            {
                var parts = (RedisResult[])entry!;
                var flat = (RedisResult[])parts[1]!;
                var fields = new Dictionary<string, string>(flat.Length / 2);
                for (var i = 0; i + 1 < flat.Length; i += 2) fields[(string)flat[i]!] = (string?)flat[i + 1] ?? "";
                yield return new QueueEvent((string)parts[0]!, fields.GetValueOrDefault(QueueEvent.EventField, ""), fields);
            }
        }
    }
}
