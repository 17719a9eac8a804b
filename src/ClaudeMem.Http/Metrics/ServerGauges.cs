using System.Diagnostics.Metrics;
using ClaudeMem.Events;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Usage;
using Npgsql;

namespace ClaudeMem.Http.Metrics;

/// <summary>
/// Gauges read every few seconds, not on every scrape: generation jobs by kind and status (the
/// queue's depth as the events record it) and the Wolverine outbox's backlog from PostgreSQL; with
/// the BullMQ engine, the workers' heartbeats from Valkey (a worker whose key expired is gone from
/// both the count and the ages, so alert on the count, and on an age above the beat interval).
/// </summary>
public sealed class ServerGauges(UsageDatabase database, TimeProvider clock, ILogger<ServerGauges> logger, GenerationQueues? queues = null) : BackgroundService
{
    public const string MeterName = "ClaudeMem.Server";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    // The unfinished statuses by name, not "not in (the terminal ones)": the status index then reads only the
    // unfinished jobs, where the negation scanned every job ever run. 300,000 jobs, 600 unfinished: 612 pages and
    // 17 ms instead of 15,900 pages and 154 ms, every 10 s.
    private static readonly string JobsSql = $"""
        select data->>'kind', data->>'status', count(*) from {EventStoreRegistration.SchemaName}.mt_doc_generationjobview
        where data->>'status' = any(@unfinished) group by 1, 2
        """;

    private static readonly string[] UnfinishedStatuses = JobStatuses.All.Where(s => !JobStatuses.IsTerminal(s)).ToArray();

    /// <summary>
    /// The job count reads every unfinished job, so its cost grows with the backlog (88 ms at 26,700 queued jobs): a
    /// sample that took longer than 1% of the interval waits a hundred times its duration, which keeps the gauge's
    /// cost near 1% of a core however long the backlog, at the price of a staler count while it is that long.
    /// </summary>
    public static TimeSpan NextJobSampleAfter(TimeSpan sampleTook) =>
        sampleTook * 100 > Interval ? sampleTook * 100 : TimeSpan.Zero;

    private readonly Meter _meter = new(MeterName);
    private volatile IReadOnlyList<Measurement<long>> _jobs = [];
    private long _outbox;
    private volatile IReadOnlyList<Measurement<double>> _heartbeatAges = [];
    private long _liveWorkers;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _meter.CreateObservableGauge("claude_mem.jobs.unfinished", () => _jobs, null, "Generation jobs not yet finished, by kind and status");
        _meter.CreateObservableGauge("claude_mem.outbox.backlog", () => Interlocked.Read(ref _outbox), null, "Messages in the durable outbox not yet sent");
        if (queues is not null)
        {
            _meter.CreateObservableGauge("claude_mem.workers.live", () => Interlocked.Read(ref _liveWorkers), null,
                "Workers whose heartbeat key is in Valkey (each expires 30 s after its last beat)");
            _meter.CreateObservableGauge("claude_mem.workers.heartbeat.age", () => _heartbeatAges, "s",
                "Seconds since each live worker's last heartbeat, as written in its key");
        }
        using var timer = new PeriodicTimer(Interval, clock);
        var nextJobSample = DateTimeOffset.MinValue;
        do
        {
            if (clock.GetUtcNow() >= nextJobSample)
            {
                var started = clock.GetTimestamp();
                try { await SampleAsync(stoppingToken); }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    logger.LogWarning(e, "could not sample the job and outbox gauges");
                }
                nextJobSample = clock.GetUtcNow() + NextJobSampleAfter(clock.GetElapsedTime(started));
            }
            if (queues is not null)
            {
                try { await SampleWorkersAsync(queues, stoppingToken); }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // Valkey away: no worker can be seen, and none is reported live.
                    _heartbeatAges = [];
                    Interlocked.Exchange(ref _liveWorkers, 0);
                    logger.LogWarning(e, "could not read the workers' heartbeats");
                }
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        // Every kind and unfinished status is reported, zero included, so an empty queue reads 0 rather than nothing.
        var counts = JobKinds.All.SelectMany(k => UnfinishedStatuses.Select(s => (k, s))).ToDictionary(p => p, _ => 0L);
        await using (var command = database.DataSource.CreateCommand(JobsSql))
        {
            command.Parameters.AddWithValue("unfinished", UnfinishedStatuses);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        _jobs = counts.Select(c => new Measurement<long>(c.Value, new("kind", c.Key.Item1), new("status", c.Key.Item2))).ToList();

        // Wolverine keeps its envelopes in the schema it was configured with; find the table rather than assume it.
        _outboxTable ??= await FindOutboxAsync(ct);
        if (_outboxTable is null) return;
        await using var outbox = database.DataSource.CreateCommand($"select count(*) from {_outboxTable}");
        Interlocked.Exchange(ref _outbox, Convert.ToInt64(await outbox.ExecuteScalarAsync(ct)));
    }

    private async Task SampleWorkersAsync(GenerationQueues generation, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var workers = await WorkerHeartbeats.ReadAsync(generation.Connection.GetDatabase(), generation.Prefix, ct);
        _heartbeatAges = workers
            .Where(w => w.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String
                        && w.TryGetProperty("beatAtEpoch", out var beat) && beat.ValueKind == System.Text.Json.JsonValueKind.Number)
            .Select(w => new Measurement<double>(Math.Max(0, now - w.GetProperty("beatAtEpoch").GetInt64()) / 1000.0,
                new KeyValuePair<string, object?>("worker", w.GetProperty("name").GetString())))
            .ToList();
        Interlocked.Exchange(ref _liveWorkers, workers.Count);
    }

    private string? _outboxTable;

    private async Task<string?> FindOutboxAsync(CancellationToken ct)
    {
        await using var find = database.DataSource.CreateCommand(
            "select quote_ident(table_schema) || '.wolverine_outgoing_envelopes' from information_schema.tables where table_name = 'wolverine_outgoing_envelopes' limit 1");
        return await find.ExecuteScalarAsync(ct) as string;
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}
