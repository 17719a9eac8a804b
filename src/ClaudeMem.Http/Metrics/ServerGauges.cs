using System.Diagnostics.Metrics;
using ClaudeMem.Events;
using ClaudeMem.Events.Generation;
using ClaudeMem.Http.Usage;
using Npgsql;

namespace ClaudeMem.Http.Metrics;

/// <summary>
/// Gauges read from PostgreSQL every few seconds, not on every scrape: generation jobs by kind and
/// status (the queue's depth as the events record it) and the Wolverine outbox's backlog.
/// </summary>
public sealed class ServerGauges(UsageDatabase database, ILogger<ServerGauges> logger) : BackgroundService
{
    public const string MeterName = "ClaudeMem.Server";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly string JobsSql = $"""
        select data->>'kind', data->>'status', count(*) from {EventStoreRegistration.SchemaName}.mt_doc_generationjobview
        where data->>'status' not in ('completed', 'failed', 'cancelled') group by 1, 2
        """;

    private readonly Meter _meter = new(MeterName);
    private volatile IReadOnlyList<Measurement<long>> _jobs = [];
    private long _outbox;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _meter.CreateObservableGauge("claude_mem.jobs.unfinished", () => _jobs, null, "Generation jobs not yet finished, by kind and status");
        _meter.CreateObservableGauge("claude_mem.outbox.backlog", () => Interlocked.Read(ref _outbox), null, "Messages in the durable outbox not yet sent");
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try { await SampleAsync(stoppingToken); }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "could not sample the job and outbox gauges");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        // Every kind and unfinished status is reported, zero included, so an empty queue reads 0 rather than nothing.
        var counts = JobKinds.All.SelectMany(k => JobStatuses.All.Where(s => !JobStatuses.IsTerminal(s)).Select(s => (k, s)))
            .ToDictionary(p => p, _ => 0L);
        await using (var command = database.DataSource.CreateCommand(JobsSql))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        _jobs = counts.Select(c => new Measurement<long>(c.Value, new("kind", c.Key.Item1), new("status", c.Key.Item2))).ToList();

        // Wolverine keeps its envelopes in the schema it was configured with; find the table rather than assume it.
        _outboxTable ??= await FindOutboxAsync(ct);
        if (_outboxTable is null) return;
        await using var outbox = database.DataSource.CreateCommand($"select count(*) from {_outboxTable}");
        Interlocked.Exchange(ref _outbox, Convert.ToInt64(await outbox.ExecuteScalarAsync(ct)));
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
