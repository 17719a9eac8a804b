using System.Collections.Concurrent;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Events.Search;

/// <summary>
/// Reads the search table: ranked full-text search with a substring fallback, newest-first
/// listing and timelines. Relevance is PostgreSQL's weighted <c>ts_rank</c> (normalised by
/// length) times a mild recency boost, <c>1 + 0.25 * 2^(-age / 14 days)</c>: a record from
/// today gains at most a quarter, one from two weeks ago an eighth, an old one nothing.
/// <para>
/// A query never ranks every match: a word found in a third of a million records would cost
/// hundreds of milliseconds. It ranks the newest matches (<see cref="CandidateCount"/> of them), in
/// one statement whose plan PostgreSQL picks from the words' frequency, which it knows from the
/// statistics of <c>tsv</c>: a rare word is looked up in the full-text index and every match read, a
/// common one is met walking the project's records newest first, and the walk stops as soon as
/// enough matched. A quoted phrase is looked for among the newest records first (<see cref="RecentSpanDays"/>), widening
/// only when they hold too few, and found from its word pairs and week tokens (<see cref="SearchRecordsTable.PhraseTokens"/>).
/// </para>
/// </summary>
public sealed class SearchQueries(NpgsqlDataSource dataSource, bool rumIndexed)
{
    public const double RecencyBoost = 0.25;
    public const double RecencyHalfLifeDays = 14;

    /// <summary>Ranked pages come from at least this many matches, when there are that many.</summary>
    public const int MinCandidates = 100;

    /// <summary>
    /// The spans of time, back from now, that a phrase and a one-term substring are looked for in before everywhere;
    /// the first span that holds enough matches gives the same page as everywhere. The full-text (or trigram) index
    /// finds the matching records, the project-time index those of the span, and only records in both are read.
    /// Unbounded, every match is read to sort them by time: at 1.1M rows the phrase "connection pool" read 15,700 pages
    /// (11,399 records), within 30 days 2,100; the partial identifier "dOrderByE" (0.15% of the records) read 10,153
    /// pages to recheck 10,241 trigram matches for 20 hits, within 14 days 370 (plus ~270 of the project-time index,
    /// and the trigram index itself, ~1,040 pages either way). 30 days hold a page of even the bench's rarest partial
    /// identifiers (~0.05%, 14 in 14 days): a span too short costs a second one.
    /// </summary>
    public static readonly int[] RecentSpanDays = [30, 180];

    private const long DayMs = 86_400_000;

    /// <summary>
    /// The substring fallback with several terms ranks the newest this many records matching any of them by how many
    /// they match: a question's words ("why did we choose Fastify over Express") each match many records.
    /// </summary>
    public const int SubstringCandidates = 500;

    /// <summary>
    /// How many of the newest records the substring fallback reads before it asks the trigram index: a substring in
    /// 5% of the records fills a page from these (~250 pages); for a rarer one the walk is wasted, so it stays short.
    /// </summary>
    public const int SubstringRecentRows = 500;

    public const string SnippetStart = "**";
    public const string SnippetStop = "**";
    public const int SnippetContextChars = 80;

    private const string Columns =
        "id, kind, project_id, session_id, type, title, subtitle, concepts, files_read, files_modified, created_at, body";

    public bool RumIndexed => rumIndexed;

    /// <summary>What the search table's connections say they are in <c>pg_stat_activity</c>, unless the connection string names itself.</summary>
    public const string ApplicationName = "claude-mem search";

    /// <summary>
    /// The search table's connections: at most <paramref name="connectionLimit"/>, so that many reads run in PostgreSQL at
    /// once and the others wait for a connection in arrival order (up to the connection string's <c>Timeout</c>, then a
    /// 503). A ranking statement keeps a core busy for a millisecond or more; eight of them at once on two cores were
    /// time-sliced by the kernel and some waited many slices. Measured at 1.1M records, durable PostgreSQL, 8 clients on
    /// this 2-core machine, p99 ms with no limit / with 2: a rare word 37-40 / 23-25, a broad word 18-28 / 13, a phrase
    /// 50-57 / 29-30, at the same or higher throughput.
    /// <para>
    /// Never prepared: a generic plan cannot know how common the words are, and the plan that suits a rare word reads a
    /// third of the table for a common one (prepared, a broad word took 4.7 s instead of 2 ms).
    /// </para>
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString, int connectionLimit)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = connectionLimit, MaxAutoPrepare = 0 };
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, connectionLimit);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = ApplicationName;
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task<SearchResult> SearchAsync(SearchCriteria criteria, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(criteria.Query))
            return new SearchResult(await ListAsync(criteria, ct), MatchModes.Filter);
        var ranked = await FullTextAsync(criteria, ct);
        if (ranked.Count > 0 && ranked.Count < criteria.Limit && criteria.Offset == 0)
            ranked = [.. ranked, .. await PartialAsync(criteria, ranked.Select(h => h.Id).ToArray(), criteria.Limit - ranked.Count, ct)];
        if (ranked.Count > 0 || criteria.Offset > 0) return new SearchResult(ranked, MatchModes.FullText);
        return new SearchResult(await SubstringAsync(criteria, ct), MatchModes.Substring);
    }

    private async Task<IReadOnlyList<SearchHit>> ListAsync(SearchCriteria criteria, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand();
        var where = Filters(criteria, command);
        var direction = criteria.Order == SearchOrder.DateAsc ? "asc" : "desc";
        command.CommandText = $"""
            select {Columns}, null::float8 as score
            from {SearchRecordsTable.QualifiedName}
            where {where}
            order by created_at {direction}, id {direction}
            limit {criteria.Limit} offset {criteria.Offset}
            """;
        return (await ReadHitsAsync(command, criteria, ct)).Hits;
    }

    private async Task<IReadOnlyList<SearchHit>> FullTextAsync(SearchCriteria criteria, CancellationToken ct)
    {
        var pairs = await PhrasePairsAsync(criteria.Query!, ct);
        // Oldest first wants the oldest matches: no span of the newest records holds them.
        if (HasPhrase(criteria.Query!) && criteria.Order != SearchOrder.DateAsc)
        {
            foreach (var days in RecentSpanDays)
            {
                var (hits, candidates) = await RankAsync(criteria, pairs, criteria.NowEpoch - days * DayMs, ct);
                // As many matches as a page is ranked from, all newer than anything outside the span: the same page as everywhere.
                if (candidates >= CandidateLimit(criteria)) return hits;
            }
        }
        return (await RankAsync(criteria, pairs, null, ct)).Hits;
    }

    /// <summary>
    /// One ranking statement: the newest <see cref="CandidateCount"/> matches, ranked, paged, with snippets, and how
    /// many candidates the page was ranked from (0 past the last page). With <paramref name="since"/>, only records
    /// created at or after it. With <paramref name="pairs"/> (<see cref="PhrasePairsAsync"/>), the index finds the
    /// records holding the phrases' word pairs, which the phrase match implies: it changes which records are read, never
    /// which match.
    /// </summary>
    private async Task<(IReadOnlyList<SearchHit> Hits, int Candidates)> RankAsync(SearchCriteria criteria, string? pairs, long? since, CancellationToken ct)
    {
        var tsquery = $"websearch_to_tsquery('{SearchRecordsTable.TextConfig}', @query)";
        var order = RankedOrder(criteria.Order);
        var direction = CandidateDirection(criteria);
        await using var command = dataSource.CreateCommand();
        var where = Filters(criteria, command);
        command.Parameters.Add(new NpgsqlParameter("query", NpgsqlDbType.Text) { Value = criteria.Query! });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = criteria.NowEpoch });
        AddMarkedWords(command, criteria.Query!);
        var limit = CandidateLimit(criteria);
        var select = $"select {Columns}, tsv from {SearchRecordsTable.QualifiedName}";
        var words = Matching($"tsv @@ {tsquery}", criteria, command);
        string candidates;
        if (pairs is null)
        {
            var span = since is { } from ? $" and {Since(command, from)}" : "";
            candidates = $"{select} where {words} and {where}{span} order by created_at {direction} limit {limit}";
        }
        else
        {
            command.Parameters.Add(new NpgsqlParameter("pairs", NpgsqlDbType.Text) { Value = pairs });
            const string required = "phrase_tokens @@ @pairs::tsquery";
            if (since is not { } from)
                candidates = $"{select} where {words} and {required} and {where} order by created_at {direction} limit {limit}";
            else
            {
                var span = SearchRecordsTable.WeeksFrom(from, criteria.NowEpoch);
                command.Parameters.Add(new NpgsqlParameter("weeks", NpgsqlDbType.Text) { Value = span.Tokens });
                // The weeks a condition of their own, not ANDed into the pairs' tsquery: the index then only looks up the
                // weeks of the pairs' records (as one tsquery it read the weeks' lists too: at 1.1M rows 4-10 ms a statement
                // instead of 3-5). The words, whose lists at 1.1M rows are tens of thousands of records long, are checked
                // on the few hundred records read (ts_match_vq is @@ where no index can answer it): counting a phrase's
                // records of 30 days took 1.2 ms instead of 2.5 (pgbench; durable PostgreSQL 15, default settings, 2 cores). The price is the records of other pairs in the same bucket,
                // read and turned away: "stale cache" shares its bucket with 358 such records in 30 days (181 match), the
                // other bench phrases with 40-110.
                var spanWords = Matching($"ts_match_vq(tsv, {tsquery})", criteria, command);
                candidates = SpanAndLater(select,
                    $"{spanWords} and {required} and phrase_tokens @@ @weeks::tsquery and {where} and {Since(command, from)}",
                    $"{words} and {where}", limit, span.Until, command);
            }
        }
        command.CommandText = $"""
            with candidates as (
                {candidates}
            ),
            page as (
                select {Columns}, ts_rank(tsv, {tsquery}, 1) * {Recency} as score, count(*) over () as total
                from candidates
                order by {order}
                limit {criteria.Limit} offset {criteria.Offset}
            )
            select {Columns}, score, {Lexemes} as lexemes, total
            from page
            order by {order}
            """;
        var (hits, total) = await ReadHitsAsync(command, criteria, ct);
        return (hits, total);
    }

    /// <summary>
    /// The records that match some but not all of the words, after those that match them all: web-search
    /// syntax ANDs every word, so a question ("why does login fail after token refresh") loses the record
    /// that never says "fail". More words matched first, then rank; exclusions still apply. First page only.
    /// </summary>
    private async Task<IReadOnlyList<SearchHit>> PartialAsync(SearchCriteria criteria, Guid[] already, int limit, CancellationToken ct)
    {
        var terms = QueryTerms.Parse(criteria.Query!);
        if (terms.Included.Count < 2) return [];
        var termQueries = terms.Included.Select((_, i) => $"websearch_to_tsquery('{SearchRecordsTable.TextConfig}', @t{i})").ToList();
        var matched = string.Join(" + ", termQueries.Select(q => $"(tsv @@ {q})::int"));
        var anyTerm = $"({string.Join(" || ", termQueries)})";
        const string order = "matched desc, score desc, created_at desc, id desc";
        await using var command = dataSource.CreateCommand();
        var where = new StringBuilder(Filters(criteria, command));
        for (var i = 0; i < terms.Included.Count; i++)
        {
            var term = terms.Included[i];
            // A term with spaces was a quoted phrase and stays one.
            command.Parameters.Add(new NpgsqlParameter($"t{i}", NpgsqlDbType.Text) { Value = term.Any(char.IsWhiteSpace) ? $"\"{term}\"" : term });
        }
        for (var i = 0; i < terms.Excluded.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"x{i}", NpgsqlDbType.Text) { Value = terms.Excluded[i] });
            where.Append($" and not tsv @@ websearch_to_tsquery('{SearchRecordsTable.TextConfig}', @x{i})");
        }
        command.Parameters.Add(new NpgsqlParameter("already", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = already });
        AddMarkedWords(command, criteria.Query!);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = criteria.NowEpoch });
        command.CommandText = $"""
            with candidates as (
                select {Columns}, tsv
                from {SearchRecordsTable.QualifiedName}
                where {Matching($"tsv @@ {anyTerm}", criteria, command)} and id <> all(@already) and {where}
                order by created_at desc
                limit {CandidateLimit(criteria)}
            ),
            page as (
                select {Columns}, {matched} as matched, ts_rank(tsv, {anyTerm}, 1) * ({matched}) / {terms.Included.Count}.0 * {Recency} as score
                from candidates
                order by {order}
                limit {limit}
            )
            select {Columns}, score, {Lexemes} as lexemes
            from page
            order by {order}
            """;
        return (await ReadHitsAsync(command, criteria, ct)).Hits;
    }

    private async Task<IReadOnlyList<SearchHit>> SubstringAsync(SearchCriteria criteria, CancellationToken ct)
    {
        var terms = QueryTerms.Parse(criteria.Query!);
        if (terms.Included.Count == 0) return [];
        // A substring in a few percent of the records is met within the newest few hundred, while the trigram index would
        // hand over every record sharing its trigrams (tens of thousands at a million) to be checked: look among the
        // newest first, then ask the index for those of the newest days, and for all only when they hold less than a page.
        if (terms.Included.Count == 1)
        {
            var recent = await SubstringAsync(criteria, terms, new SubstringScope(SubstringRecentRows, null), ct);
            if (recent.Count == criteria.Limit) return recent;
            if (criteria.Order != SearchOrder.DateAsc)
                foreach (var days in RecentSpanDays)
                {
                    var windowed = await SubstringAsync(criteria, terms, new SubstringScope(null, criteria.NowEpoch - days * DayMs), ct);
                    if (windowed.Count == criteria.Limit) return windowed;
                }
        }
        return await SubstringAsync(criteria, terms, new SubstringScope(null, null), ct);
    }

    /// <summary>Where the substring fallback looks: the newest <c>RecentRows</c> records, those created since <c>Since</c>, or all.</summary>
    private readonly record struct SubstringScope(int? RecentRows, long? Since);

    private async Task<IReadOnlyList<SearchHit>> SubstringAsync(SearchCriteria criteria, QueryTerms terms, SubstringScope scope, CancellationToken ct)
    {
        var order = RankedOrder(criteria.Order);
        var direction = CandidateDirection(criteria);
        await using var command = dataSource.CreateCommand();
        var filters = Filters(criteria, command);
        // In a span, the pattern is hidden from the planner (an init plan): it estimates a trigram match from the pattern
        // at ~100 rows where a common substring has ten thousand, and planned to read every one of them rather than narrow
        // them to the span's in the index. An unknown pattern is estimated at 0.5% of the table.
        string Pattern(int i, string prefix) => scope.Since is null ? $"@{prefix}{i}" : $"(select @{prefix}{i})";
        var exclusions = new StringBuilder();
        var matches = new List<string>();
        for (var i = 0; i < terms.Included.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"t{i}", NpgsqlDbType.Text) { Value = QueryTerms.ContainsPattern(terms.Included[i]) });
            matches.Add($"body ilike {Pattern(i, "t")}");
        }
        for (var i = 0; i < terms.Excluded.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"x{i}", NpgsqlDbType.Text) { Value = QueryTerms.ContainsPattern(terms.Excluded[i]) });
            exclusions.Append($" and body not ilike {Pattern(i, "x")}");
        }
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = criteria.NowEpoch });
        var matchedCount = string.Join(" + ", matches.Select(m => $"({m})::int"));
        var matching = $"({string.Join(" or ", matches)}) and {Matching(null, criteria, command)}";
        var limit = terms.Included.Count == 1 ? criteria.Offset + criteria.Limit : Math.Max(SubstringCandidates, criteria.Offset + criteria.Limit);
        var table = SearchRecordsTable.QualifiedName;
        string candidates;
        if (scope.RecentRows is { } rows)
            candidates = $"select {Columns} from (select * from {table} where {filters} order by created_at {direction} limit {rows}) as recent where {matching}{exclusions} order by created_at {direction} limit {limit}";
        else if (scope.Since is { } since)
        {
            // In a span, the trigram index also answers its weeks (SearchRecordsTable.WeeksFrom): it then looks up the matches
            // of the span alone. The exact bound stays out of the project-time index, which would otherwise name every record of
            // the span to AND with them (80,000 in 30 days at 1.1M rows: 25-45 ms of a 40-50 ms statement).
            var span = SearchRecordsTable.WeeksFrom(since, criteria.NowEpoch);
            command.Parameters.Add(new NpgsqlParameter("weeks", NpgsqlDbType.Text) { Value = span.Tokens });
            candidates = SpanAndLater($"select {Columns} from {table}",
                $"{matching} and {filters} and {Since(command, since, unindexed: true)} and {SearchRecordsTable.WeekTokensOfRecord} @@ @weeks::tsquery{exclusions}",
                $"{matching} and {filters}{exclusions}", limit, span.Until, command);
        }
        else
            candidates = $"select {Columns} from {table} where {matching} and {filters}{exclusions} order by created_at {direction} limit {limit}";
        // One term scores every match alike but for recency, which falls with age: the newest page is the ranking.
        // Several terms rank by how many matched. Each term's ILIKE stays a separate OR branch so every one can use the trigram index.
        command.CommandText = $"""
            with candidates as (
                {candidates}
            )
            select {Columns}, ({matchedCount})::float8 / {terms.Included.Count} * {Recency} as score
            from candidates
            order by {order}
            limit {criteria.Limit} offset {criteria.Offset}
            """;
        var hits = (await ReadHitsAsync(command, criteria, ct)).Hits;
        return hits.Select(h => h with { Snippet = Snippets.AroundFirst(h.Body, terms.Included) }).ToList();
    }

    /// <summary>
    /// The full-text condition: the query's words (a condition on <c>tsv</c>, or null for none) and the
    /// filters that <see cref="FilterTokens"/> index, both answered by full-text indexes.
    /// </summary>
    private static string Matching(string? words, SearchCriteria criteria, NpgsqlCommand command)
    {
        words ??= "true";
        if (FilterTokens.QueryOf(criteria) is not { } tokens) return words;
        if (!command.Parameters.Contains("tokens"))
            command.Parameters.Add(new NpgsqlParameter("tokens", NpgsqlDbType.Text) { Value = tokens });
        return $"{words} and filter_tokens @@ @tokens::tsquery";
    }

    /// <summary>
    /// The word pairs of the query's quoted phrases when the phrases are all required, as tsquery text over
    /// <c>phrase_tokens</c> (<see cref="SearchRecordsTable.PhrasePairs"/>); null without such phrases, or when they have
    /// no two words side by side (a phrase of one word, or of stop words). Asked once per set of phrases and kept:
    /// written into the ranking statement, the function ran at each mention while planning (at 1.1M rows 0.6 ms of a
    /// phrase's 0.8 ms plan; 0.2 ms with the pairs given; durable PostgreSQL 15, default settings, 2 cores).
    /// </summary>
    private async Task<string?> PhrasePairsAsync(string query, CancellationToken ct)
    {
        var phrases = QueryTerms.Parse(query).RequiredPhrases;
        if (phrases.Count == 0) return null;
        var key = string.Concat(phrases.Select(p => $"{p.Length}:{p}"));
        if (phrasePairs.TryGetValue(key, out var known)) return known;
        await using var command = dataSource.CreateCommand($"select {SearchRecordsTable.PhrasePairsFunction}(@phrases)::text");
        command.Parameters.Add(new NpgsqlParameter("phrases", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = phrases.ToArray() });
        var pairs = await command.ExecuteScalarAsync(ct) as string;
        if (phrasePairs.Count >= PhrasePairsKept) phrasePairs.Clear();
        phrasePairs[key] = pairs;
        return pairs;
    }

    /// <summary>How many sets of phrases <see cref="PhrasePairsAsync"/> keeps the pairs of; all are forgotten past it.</summary>
    public const int PhrasePairsKept = 10_000;

    private readonly ConcurrentDictionary<string, string?> phrasePairs = new();

    /// <summary>
    /// The newest <paramref name="limit"/> records of a span: those a select finds with the span's week tokens, and
    /// those dated at or after <paramref name="until"/>, where the tokens end, found by time (nearly always none: a
    /// probe of the project-time index).
    /// </summary>
    private static string SpanAndLater(string select, string inSpan, string later, int limit, long until, NpgsqlCommand command)
    {
        command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.Bigint) { Value = until });
        return $"""
            ({select} where {inSpan} order by created_at desc limit {limit})
            union all
            ({select} where {later} and created_at >= @until order by created_at desc limit {limit})
            order by created_at desc
            limit {limit}
            """;
    }

    /// <summary>
    /// The multiplier of the recency boost, as SQL over a row's <c>created_at</c> and the <c>@now</c> parameter.
    /// In float8: numeric <c>power</c> with a fractional exponent costs tens of microseconds a row.
    /// </summary>
    private static readonly string Recency =
        $"(1 + {RecencyBoost}::float8 * power(2::float8, -greatest(@now - created_at, 0)::float8 / (86400000::float8 * {RecencyHalfLifeDays})))";

    /// <summary>
    /// The stems of the query's words, computed once per statement (an init plan), for <see cref="Snippets.AroundStems"/>.
    /// <c>ts_headline</c> made the snippets before: it parses and stems every word of every body on the page. Measured at
    /// 1.1M rows, backend CPU of the ranking statement for a broad word: 5.0 ms with it, 2.2-2.3 without (60 runs each).
    /// </summary>
    private static readonly string Lexemes = $"(select tsvector_to_array(to_tsvector('{SearchRecordsTable.TextConfig}', @marked)))";

    /// <summary>The words a snippet marks: those the query asks for, not those it excludes.</summary>
    private static void AddMarkedWords(NpgsqlCommand command, string query) =>
        command.Parameters.Add(new NpgsqlParameter("marked", NpgsqlDbType.Text) { Value = string.Join(' ', QueryTerms.Parse(query).Included) });

    /// <summary>A query with a quoted phrase: its word order is checked on the rows, which the full-text index only narrows to those holding the words.</summary>
    private static bool HasPhrase(string query) => query.Contains('"');

    private static string RankedOrder(SearchOrder order) => order switch
    {
        SearchOrder.DateAsc => "created_at asc, id asc",
        SearchOrder.DateDesc => "created_at desc, id desc",
        _ => "score desc, created_at desc, id desc",
    };

    private static int CandidateLimit(SearchCriteria criteria) => Math.Max(CandidateCount(criteria), criteria.Offset + criteria.Limit);

    /// <summary>Oldest first only when the caller asked for it; every other order wants the newest matches.</summary>
    private static string CandidateDirection(SearchCriteria criteria) => criteria.Order == SearchOrder.DateAsc ? "asc" : "desc";

    /// <summary>How many matches a page is ranked from: all it shows by date, a margin to rank from by relevance.</summary>
    public static int CandidateCount(SearchCriteria criteria) => criteria.Order == SearchOrder.Relevance
        ? Math.Max(MinCandidates, 2 * (criteria.Offset + criteria.Limit))
        : criteria.Offset + criteria.Limit;

    /// <summary>The records around a moment, oldest first: <paramref name="before"/> older, then <paramref name="after"/> at or after it.</summary>
    public async Task<IReadOnlyList<SearchHit>> TimelineAsync(string teamId, IReadOnlyList<string> projects, long anchorEpoch, Guid? anchorId,
        int before, int after, CancellationToken ct)
    {
        var criteria = SearchCriteria.Newest(teamId, projects, before + after + 1, anchorEpoch);
        await using var command = dataSource.CreateCommand();
        var where = Filters(criteria, command);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Bigint) { Value = anchorEpoch });
        command.Parameters.Add(new NpgsqlParameter("anchor", NpgsqlDbType.Uuid) { Value = anchorId ?? Guid.Empty });
        command.CommandText = $"""
            (select {Columns}, null::float8 as score from {SearchRecordsTable.QualifiedName}
             where {where} and (created_at, id) < (@at, @anchor)
             order by created_at desc, id desc limit {before})
            union all
            (select {Columns}, null::float8 as score from {SearchRecordsTable.QualifiedName}
             where {where} and (created_at, id) >= (@at, @anchor)
             order by created_at asc, id asc limit {after + (anchorId is null ? 0 : 1)})
            order by created_at asc, id asc
            """;
        return (await ReadHitsAsync(command, criteria, ct)).Hits;
    }

    /// <summary>Which of these ids are records the team can read, and their kinds and projects.</summary>
    public async Task<IReadOnlyList<SearchHit>> FindAsync(string teamId, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
        command.CommandText = $"select {Columns}, null::float8 as score from {SearchRecordsTable.QualifiedName} where team_id = @team and id = any(@ids)";
        return (await ReadHitsAsync(command, null, ct)).Hits;
    }

    /// <summary>How many records a forget of the project removes, by kind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByKindAsync(string teamId, string projectId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select kind, count(*) from {SearchRecordsTable.QualifiedName} where team_id = @team and project_id = @project group by kind");
        command.Parameters.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter("project", NpgsqlDbType.Text) { Value = projectId });
        var counts = SearchKinds.All.ToDictionary(k => k, _ => 0L);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static string Filters(SearchCriteria criteria, NpgsqlCommand command)
    {
        var p = command.Parameters;
        p.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = criteria.TeamId });
        p.Add(new NpgsqlParameter("projects", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = criteria.Projects.ToArray() });
        var where = new StringBuilder(criteria.Projects.Count == 1
            ? "team_id = @team and project_id = (@projects)[1]"
            : "team_id = @team and project_id = any(@projects)");
        if (criteria.Kinds.Count > 0)
        {
            p.Add(new NpgsqlParameter("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = criteria.Kinds.ToArray() });
            where.Append(" and kind = any(@kinds)");
        }
        if (criteria.Types.Count > 0)
        {
            p.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = criteria.Types.ToArray() });
            where.Append(" and type = any(@types)");
        }
        if (criteria.Concepts.Count > 0)
        {
            // Prefix match, case-insensitive: 'gotcha' finds 'gotcha: stale cache' and 'Gotcha'.
            var patterns = criteria.Concepts.Select(c => QueryTerms.EscapeLike(c.ToLowerInvariant()) + "%").ToArray();
            p.Add(new NpgsqlParameter("concepts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = patterns });
            where.Append(" and exists (select 1 from unnest(concepts) c where lower(c) like any(@concepts))");
        }
        if (criteria.Files.Count > 0)
        {
            // A file, a folder (everything under it) or a path's tail ('auth/session.ts' finds 'src/auth/session.ts').
            var exact = criteria.Files.Select(f => f.TrimEnd('/')).ToArray();
            var patterns = exact.SelectMany(f => new[] { QueryTerms.EscapeLike(f) + "/%", "%/" + QueryTerms.EscapeLike(f) }).ToArray();
            p.Add(new NpgsqlParameter("files", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = exact });
            p.Add(new NpgsqlParameter("filePatterns", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = patterns });
            where.Append(" and exists (select 1 from unnest(files_read || files_modified) f where f = any(@files) or f like any(@filePatterns))");
        }
        if (criteria.SessionId is { } session)
        {
            p.Add(new NpgsqlParameter("session", NpgsqlDbType.Uuid) { Value = session });
            where.Append(" and session_id = @session");
        }
        if (criteria.DateStart is { } start)
        {
            p.Add(new NpgsqlParameter("start", NpgsqlDbType.Bigint) { Value = start });
            where.Append(" and created_at >= @start");
        }
        if (criteria.DateEnd is { } end)
        {
            p.Add(new NpgsqlParameter("end", NpgsqlDbType.Bigint) { Value = end });
            where.Append(" and created_at <= @end");
        }
        return where.ToString();
    }

    /// <summary>Records created at or after <paramref name="since"/>.</summary>
    /// <param name="unindexed">So that no index answers it: another condition (the week tokens) narrows the span in an index.</param>
    private static string Since(NpgsqlCommand command, long since, bool unindexed = false)
    {
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.Bigint) { Value = since });
        return unindexed ? "created_at + 0 >= @since" : "created_at >= @since";
    }

    /// <summary>
    /// The hits of a query selecting <see cref="Columns"/> and <c>score</c>, optionally the query's <c>lexemes</c> for
    /// the snippet (else the body's lead) and the <c>total</c> of candidates the page was ranked from.
    /// </summary>
    private static async Task<(IReadOnlyList<SearchHit> Hits, int Total)> ReadHitsAsync(NpgsqlCommand command, SearchCriteria? criteria, CancellationToken ct)
    {
        var hits = new List<SearchHit>(criteria?.Limit ?? 16);
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lexemes = Ordinal(reader, "lexemes");
        var totalColumn = Ordinal(reader, "total");
        while (await reader.ReadAsync(ct))
        {
            var body = reader.GetString(11);
            hits.Add(new SearchHit(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9),
                reader.GetInt64(10),
                reader.IsDBNull(12) ? null : Math.Round(reader.GetDouble(12), 6),
                lexemes is { } l ? Snippets.AroundStems(body, reader.GetFieldValue<string[]>(l)) : Snippets.Lead(body),
                body));
            if (totalColumn is { } t) total = (int)reader.GetInt64(t);
        }
        return (hits, total);
    }

    private static int? Ordinal(NpgsqlDataReader reader, string column)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (reader.GetName(i) == column) return i;
        return null;
    }
}
