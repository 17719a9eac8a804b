using ClaudeMem.Events.Usage;
using Npgsql;

namespace ClaudeMem.Http.Usage;

/// <summary>
/// When a limit or cap is set, one statement per metered request: add one to the key's minute window
/// and to its monthly row, and read back the window's count and the team's month totals. PostgreSQL
/// holds the counts, so every server process shares them and enforces the same limits. With no limit
/// and no cap nothing needs deciding per request, so requests are counted in memory and added to
/// the monthly rows by one statement per <see cref="FlushInterval"/> for all keys (a crash loses at
/// most that interval's counts). Old minute windows are deleted in the background.
/// </summary>
public sealed class UsageCounters(UsageDatabase usage, TimeProvider clock, ILogger<UsageCounters> logger) : BackgroundService
{
    public const long WindowMs = 60_000;
    private readonly NpgsqlDataSource database = usage.DataSource;
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Requests counted but not yet written, per team, month and key.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Team, string Month, string Key), long> _pending = new();

    /// <param name="WindowRequests">This key's requests in the current minute, this one included.</param>
    /// <param name="WindowEndsAtEpoch">When the current minute window ends.</param>
    /// <param name="TeamRequests">The team's requests this month, this one included.</param>
    /// <param name="TeamTokens">The team's provider tokens this month.</param>
    public sealed record Counts(int WindowRequests, long WindowEndsAtEpoch, long TeamRequests, long TeamTokens);

    private static readonly string CountSql = $"""
        with w as (
          insert into {UsageTables.RateWindowsName} (key_id, window_start, requests) values ($1, $2, 1)
          on conflict (key_id, window_start) do update set requests = {UsageTables.RateWindows}.requests + 1
          returning requests),
        m as (
          insert into {UsageTables.MonthlyUsageName} (team_id, month, key_id, requests) values ($3, $4, $1, 1)
          on conflict (team_id, month, key_id) do update set requests = {UsageTables.MonthlyUsage}.requests + 1)
        select (select requests from w), coalesce(sum(requests), 0) + 1, coalesce(sum(tokens), 0)
        from {UsageTables.MonthlyUsageName} where team_id = $3 and month = $4
        """;

    public async Task<Counts> CountAsync(string keyId, string teamId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = now - now % WindowMs;
        await using var command = database.CreateCommand(CountSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = windowStart });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = teamId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = UsageTables.MonthOf(now) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Counts(reader.GetInt32(0), windowStart + WindowMs, reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Counts a request for <see cref="FlushAsync"/> to write: no limit or cap needs its count now.</summary>
    public void CountLater(string keyId, string teamId) =>
        _pending.AddOrUpdate((teamId, UsageTables.MonthOf(clock.GetUtcNow().ToUnixTimeMilliseconds()), keyId), 1, (_, n) => n + 1);

    private static readonly string FlushSql = $"""
        insert into {UsageTables.MonthlyUsageName} (team_id, month, key_id, requests)
        select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
        on conflict (team_id, month, key_id) do update set requests = {UsageTables.MonthlyUsage}.requests + excluded.requests
        """;

    /// <summary>Writes the requests counted in memory, all keys in one statement; what fails to be written is kept for the next flush.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var taken = new List<((string Team, string Month, string Key) Row, long Requests)>();
        foreach (var row in _pending.Keys)
            if (_pending.TryRemove(row, out var requests)) taken.Add((row, requests));
        if (taken.Count == 0) return;
        // One order for every process, so two flushes upserting the same rows never wait on each other in a cycle.
        taken.Sort((a, b) => a.Row.CompareTo(b.Row));
        try
        {
            await using var command = database.CreateCommand(FlushSql);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = taken.Select(t => t.Row.Team).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = taken.Select(t => t.Row.Month).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = taken.Select(t => t.Row.Key).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = taken.Select(t => t.Requests).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            foreach (var (row, requests) in taken) _pending.AddOrUpdate(row, requests, (_, n) => n + requests);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, clock);
        var nextCleanup = clock.GetUtcNow() + CleanupInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                    if (clock.GetUtcNow() < nextCleanup) continue;
                    nextCleanup = clock.GetUtcNow() + CleanupInterval;
                    await using var command = database.CreateCommand($"delete from {UsageTables.RateWindowsName} where window_start < $1");
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = clock.GetUtcNow().ToUnixTimeMilliseconds() - 2 * WindowMs });
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    logger.LogWarning(e, "could not write usage counts or delete old rate limit windows; trying again in {Interval}", FlushInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write what was counted since the last flush.
            try { await FlushAsync(CancellationToken.None); }
            catch (Exception e) when (e is NpgsqlException or TimeoutException) { logger.LogWarning(e, "could not write the last usage counts"); }
        }
    }
}
