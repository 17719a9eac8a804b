using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace ClaudeMem.Events.Usage;

/// <summary>
/// Counters shared by every server and worker process: requests per key and minute (the rate
/// limit's fixed windows) and monthly usage per team and key. Plain upserts that add, so any
/// number of processes count into the same rows. Counters, not read models: no event holds them.
/// </summary>
public static class UsageTables
{
    public const string RateWindows = "rate_windows";
    public const string MonthlyUsage = "monthly_usage";

    /// <summary>The key id under which generation usage is counted when no key asked for the job (the local-dev caller, jobs recorded before keys were kept).</summary>
    public const string GenerationKey = "";

    public static string RateWindowsName => $"{EventStoreRegistration.SchemaName}.{RateWindows}";
    public static string MonthlyUsageName => $"{EventStoreRegistration.SchemaName}.{MonthlyUsage}";

    /// <summary>"2026-11": usage months are calendar months in UTC.</summary>
    public static string MonthOf(long epochMs) => DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM");

    public static IEnumerable<Table> Define()
    {
        var windows = new Table(new PostgresqlObjectName(EventStoreRegistration.SchemaName, RateWindows, SchemaUtils.IdentifierUsage.General));
        windows.AddColumn<string>("key_id").AsPrimaryKey();
        windows.AddColumn<long>("window_start").AsPrimaryKey();
        windows.AddColumn<int>("requests").NotNull();
        yield return windows;

        var monthly = new Table(new PostgresqlObjectName(EventStoreRegistration.SchemaName, MonthlyUsage, SchemaUtils.IdentifierUsage.General));
        monthly.AddColumn<string>("team_id").AsPrimaryKey();
        monthly.AddColumn<string>("month").AsPrimaryKey();
        monthly.AddColumn<string>("key_id").AsPrimaryKey();
        monthly.AddColumn<long>("requests").NotNull().DefaultValue(0);
        monthly.AddColumn<long>("tokens").NotNull().DefaultValue(0);
        monthly.AddColumn<long>("observations").NotNull().DefaultValue(0);
        yield return monthly;
    }

    /// <summary>
    /// A job's generated tokens and observations, added in the transaction that records its result, to the row of
    /// the key whose request created the job (<see cref="GenerationKey"/> when none did). Marten's '?'
    /// placeholders: team, month, key, tokens, observations.
    /// </summary>
    public static readonly string AddGenerationSql = $"""
        insert into {MonthlyUsageName} (team_id, month, key_id, tokens, observations) values (?, ?, ?, ?, ?)
        on conflict (team_id, month, key_id) do update
        set tokens = {MonthlyUsage}.tokens + excluded.tokens, observations = {MonthlyUsage}.observations + excluded.observations
        """;
}
