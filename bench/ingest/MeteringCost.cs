using System.Globalization;
using System.Text;
using ClaudeMem.Events;
using ClaudeMem.Http.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// What metering adds to every request with a key (`--metering`): the server's own UsageCounters
/// statement (one upsert of the key's minute window and of its month row, plus the team's month
/// totals, in one statement) run alone against the server's database, beside a bare round trip
/// (`select 1`), and a whole POST /v1/events through two servers: one with a rate limit (metered by
/// that statement on every request) and one without limits or caps (counted in memory, written once
/// a second). Counted
/// per operation: PostgreSQL CPU (postmaster and backends), the server's and this process's CPU, and
/// latency. (Statements and round trips per request do not depend on load: UsageTests counts them.)
/// </summary>
public static class MeteringCost
{
    public sealed record Row(string What, Measurement Load, CpuUsage Cpu);

    public static async Task<IReadOnlyList<Row>> MeasureAsync(ServerUnderTest deferred, ServerUnderTest limited, string database, int postgresPid,
        BenchOptions options)
    {
        await using var data = NpgsqlDataSource.Create(database);
        var counters = new UsageCounters(new UsageDatabase(data), TimeProvider.System, NullLogger<UsageCounters>.Instance);
        // 50 keys of one team, as a busy team would have; each operation meters one of them.
        async Task<string?> Meter(long sequence, CancellationToken ct)
        {
            try { await counters.CountAsync($"key-{sequence % 50}", "bench-team", ct); return null; }
            catch (NpgsqlException e) { return e.Message; }
        }
        async Task<string?> Bare(long sequence, CancellationToken ct)
        {
            await using var command = data.CreateCommand("select 1");
            await command.ExecuteScalarAsync(ct);
            return null;
        }

        var rows = new List<Row>();
        foreach (var concurrency in options.Concurrencies)
        {
            rows.Add(await PhaseAsync($"metering statement alone, c={concurrency}", concurrency, Meter));
            rows.Add(await PhaseAsync($"bare round trip (select 1), c={concurrency}", concurrency, Bare));
            using (var client = new IngestClient(limited.BaseAddress, limited.ApiKey, concurrency))
                rows.Add(await PhaseAsync($"POST /v1/events, rate limit set (statement per request), c={concurrency}", concurrency, client.PostEventAsync, limited));
            using (var client = new IngestClient(deferred.BaseAddress, deferred.ApiKey, concurrency))
                rows.Add(await PhaseAsync($"POST /v1/events, no limit (counted in memory), c={concurrency}", concurrency, client.PostEventAsync, deferred));
        }
        return rows;

        async Task<Row> PhaseAsync(string what, int concurrency, Operation operation, ServerUnderTest? server = null)
        {
            await LoadRun.ForDurationAsync(concurrency, options.Warmup, operation);
            // The rows without a server of their own charge the idle one.
            var cpu = CpuSnapshot.Take((server ?? deferred).Pid, postgresPid);
            var load = await LoadRun.ForDurationAsync(concurrency, options.Duration, operation);
            var usage = cpu.Since(load.Attempted);
            var row = new Row(what, load, usage);
            Console.WriteLine(ConsoleRow(row));
            return row;
        }
    }

    public static string ConsoleRow(Row r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.What,-66} {r.Load.PerSecond,8:0} op/s  p50 {r.Load.P50Ms,6:0.00} ms  p99 {r.Load.P99Ms,7:0.00} ms  PostgreSQL {r.Cpu.PostgresMsPerOp,6:0.000} ms/op  server {r.Cpu.ServerMsPerOp,6:0.000} ms/op  bench {r.Cpu.BenchMsPerOp,6:0.000} ms/op  failed {r.Load.Failed}");

    public static string Markdown(IReadOnlyList<Row> rows, MachineFacts before, MachineFacts after, BenchOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# Metering cost (`bench/ingest/run.sh --metering`)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {before.Processors} cores, load average {before.LoadAverage} before, {after.LoadAverage} after; {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per row.");
        text.AppendLine("CPU is per operation, from /proc. Statements per request: tests/ClaudeMem.Http.Tests/Operator/MeteringStatementTests.cs (with a limit or cap: one statement, one round trip, two row upserts; without: none, one flush a second).");
        text.AppendLine("The server column of the statement and round-trip rows is an idle server; the metering statement runs from the bench with the server's own class and SQL.");
        text.AppendLine();
        text.AppendLine("| what | op/s | p50 ms | p99 ms | PostgreSQL CPU ms/op | server CPU ms/op | bench CPU ms/op | failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.What} | {r.Load.PerSecond:0} | {r.Load.P50Ms:0.00} | {r.Load.P99Ms:0.00} | {r.Cpu.PostgresMsPerOp:0.000} | {r.Cpu.ServerMsPerOp:0.000} | {r.Cpu.BenchMsPerOp:0.000} | {r.Load.Failed} |"));
        return text.ToString();
    }
}
