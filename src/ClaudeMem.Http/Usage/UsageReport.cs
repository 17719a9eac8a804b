using ClaudeMem.Events.Usage;
using Npgsql;

namespace ClaudeMem.Http.Usage;

public static class UsageReport
{
    private static readonly string Sql = $"""
        select team_id, key_id, requests, tokens, observations from {UsageTables.MonthlyUsageName}
        where month = $1 and ($2::text is null or team_id = $2) order by team_id, key_id
        """;

    /// <param name="teamId">Null: every team (the operator's CLI view).</param>
    public static async Task<IReadOnlyList<TeamUsage>> LoadAsync(NpgsqlDataSource database, string month, string? teamId, CancellationToken ct)
    {
        await using var command = database.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = month });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)teamId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<(string Team, string Key, long Requests, long Tokens, long Observations)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        var teams = rows.GroupBy(r => r.Team).Select(g => new TeamUsage(g.Key, month, g.Sum(r => r.Requests), g.Sum(r => r.Tokens),
            g.Sum(r => r.Observations), g.Where(r => r.Key != UsageTables.GenerationKey).Select(r => new KeyUsage(r.Key, r.Requests, r.Tokens, r.Observations)).ToList())).ToList();
        if (teamId is not null && teams.Count == 0) teams.Add(new TeamUsage(teamId, month, 0, 0, 0, []));
        return teams;
    }

    /// <summary>"2026-11", or null when the text is not a month.</summary>
    public static string? ParseMonth(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var month) ? month.ToString("yyyy-MM") : null;
}
