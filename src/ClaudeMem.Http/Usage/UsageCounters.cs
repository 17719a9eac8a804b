using ClaudeMem.Events.Usage;
using Npgsql;

namespace ClaudeMem.Http.Usage;

/// <summary>
/// One statement per metered request: add one to the key's minute window and to its monthly row,
/// and read back the window's count and the team's month totals. PostgreSQL holds the counts, so
/// every server process shares them. Old minute windows are deleted in the background.
/// </summary>
public sealed class UsageCounters(UsageDatabase usage, TimeProvider clock, ILogger<UsageCounters> logger) : BackgroundService
{
    public const long WindowMs = 60_000;
    private readonly NpgsqlDataSource database = usage.DataSource;
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(5);

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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CleanupInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var command = database.CreateCommand($"delete from {UsageTables.RateWindowsName} where window_start < $1");
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = clock.GetUtcNow().ToUnixTimeMilliseconds() - 2 * WindowMs });
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "could not delete old rate limit windows; trying again in {Interval}", CleanupInterval);
            }
        }
    }
}
