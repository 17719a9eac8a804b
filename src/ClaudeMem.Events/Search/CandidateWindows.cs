using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Events.Search;

/// <summary>
/// Newest-first windows of the searched projects, as ranges of <c>created_at</c> (which the
/// project-time btree bounds): the first holds about the newest <see cref="FirstWindowRows"/>
/// records; each next one is as many times wider as the last one fell short of the matches
/// wanted (2 to 16 times), extrapolated from how long the newest records took to gather; the
/// <see cref="MaxWindows"/>th is everything. A common word is ranked among the matches of the
/// first window alone; a rare one ends up searching every record, through the full-text index.
/// </summary>
public sealed record CandidateWindows(long Newest, long Oldest, long FirstSpan)
{
    public const int FirstWindowRows = 300;
    public const int MaxWindows = 4;
    private const int MaxGrowth = 16;

    /// <summary>No windows: projects small enough to search whole at once.</summary>
    public static readonly CandidateWindows Everything = new(0, 0, 0);

    public Widening Widen() => new(this);

    public static async Task<CandidateWindows> FindAsync(NpgsqlDataSource dataSource, SearchCriteria criteria, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            select max(bounds.newest), min(bounds.oldest), max(first.created_at)
            from unnest(@projects) as searched(project)
            cross join lateral (
                select max(created_at) as newest, min(created_at) as oldest
                from {SearchRecordsTable.QualifiedName} where team_id = @team and project_id = searched.project) as bounds
            left join lateral (
                select created_at from {SearchRecordsTable.QualifiedName} where team_id = @team and project_id = searched.project
                order by created_at desc offset {FirstWindowRows} limit 1) as first on true
            """);
        command.Parameters.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = criteria.TeamId });
        command.Parameters.Add(new NpgsqlParameter("projects", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = criteria.Projects.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(2)) return Everything;
        var newest = reader.GetInt64(0);
        return new CandidateWindows(newest, reader.GetInt64(1), Math.Max(1, newest - reader.GetInt64(2)));
    }

    /// <summary>One search's walk through the windows.</summary>
    public sealed class Widening(CandidateWindows windows)
    {
        private long _multiplier;
        private int _window;

        /// <summary>The next window's first moment, or null for everything; <paramref name="found"/> is what the last one held.</summary>
        public long? Next(int found, int needed)
        {
            if (ReferenceEquals(windows, Everything) || _window++ >= MaxWindows - 1) return null;
            _multiplier = _multiplier == 0 ? 1 : _multiplier * Math.Clamp(2 * needed / Math.Max(found, 1), 2, MaxGrowth);
            var since = windows.Newest - windows.FirstSpan * _multiplier;
            return since <= windows.Oldest ? null : since;
        }
    }
}
