using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace ClaudeMem.Events.Search;

/// <summary>
/// The narrow search table: one row per observation, summary, memory and prompt, apart from
/// the JSON documents so that ranking reads small rows. Written only by
/// <see cref="SearchRecordsProjection"/>; rebuilt from the events like every other read model.
/// </summary>
public static class SearchRecordsTable
{
    public const string Name = "search_records";

    /// <summary>Stemmed English for prose; the 'simple' configuration for paths and concepts.</summary>
    public const string TextConfig = "english";

    /// <summary>Longest text kept per record for snippets and the substring fallback.</summary>
    public const int MaxBodyChars = 8000;

    public const string RumIndexName = "ix_search_records_rum";

    public const string WordsAndFiltersIndexName = "ix_search_records_words_filters";

    /// <summary>
    /// Rows stay whole up to this size (PostgreSQL's largest): by default a row over 2 KB moves its
    /// biggest value, the ~1 KB <c>tsv</c>, to the TOAST table, and every record a search checks or
    /// ranks then costs four more page reads (TOAST index and heap) and a decompression. Measured at
    /// 1.1M rows: a broad word's newest 200 matches read 3,006 pages with TOAST, 196 without.
    /// </summary>
    public const int ToastTupleTarget = 8160;

    /// <summary>
    /// Largest pending list of the trigram index, in kB (PostgreSQL's default is 4 MB). Every substring search reads the
    /// whole pending list; an insert that overflows it moves the list into the index.
    /// </summary>
    public const int TrigramPendingListKb = 256;

    public static string QualifiedName => $"{EventStoreRegistration.SchemaName}.{Name}";

    public static Table Define(bool withRum)
    {
        var table = new Table(new PostgresqlObjectName(EventStoreRegistration.SchemaName, Name, SchemaUtils.IdentifierUsage.General));
        table.WithStorageParameter("toast_tuple_target", ToastTupleTarget);
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("team_id").NotNull();
        table.AddColumn<string>("project_id").NotNull();
        table.AddColumn<Guid>("session_id");
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<string>("type");
        table.AddColumn<string>("title").NotNull();
        table.AddColumn<string>("subtitle");
        table.AddColumn("concepts", "text[]").NotNull();
        table.AddColumn("files_read", "text[]").NotNull();
        table.AddColumn("files_modified", "text[]").NotNull();
        table.AddColumn<long>("created_at").NotNull();
        table.AddColumn<string>("body").NotNull();
        table.AddColumn("tsv", "tsvector").NotNull();
        // Apart from tsv, so that they neither change a record's rank nor its length normalisation.
        table.AddColumn("filter_tokens", "tsvector");
        // Computed by PostgreSQL, so every record has them, those written before the column existed included (adding the
        // column computes it for every row).
        table.AddColumn("phrase_tokens", "tsvector").GeneratedAs($"{PhraseTokensFunction}(tsv, created_at)");

        // Newest-first listing, timelines and the candidate walk of filtered searches.
        table.Indexes.Add(new IndexDefinition("ix_search_records_project_time")
            { Columns = ["team_id", "project_id", "created_at", "id"] });
        table.Indexes.Add(new IndexDefinition("ix_search_records_session") { Columns = ["session_id"] });
        // Words and filters in one GIN index, so that one index scan intersects them: a word in 56,000 records narrowed by
        // type and folder to 35 walks the filters' short posting lists and skips through the word's. With an index each,
        // PostgreSQL built a bitmap of all 56,115 records of the word and one of the filters' 701, then ANDed them
        // (a 46 ms node of a 47 ms statement, loaded machine). Either column alone is answered as by its own index.
        // The phrase tokens in it too: a quoted phrase of two common words is found from its pair's short list.
        table.Indexes.Add(Unbuffered(new IndexDefinition(WordsAndFiltersIndexName) { Columns = ["tsv", "filter_tokens", "phrase_tokens"], Method = IndexMethod.gin }));
        // Substring fallback (partial words, identifiers, paths): ILIKE '%term%' is answered by trigrams. A record adds
        // hundreds of trigrams, too many to insert one by one: they wait in a pending list, kept short (see TrigramPendingListKb).
        // The week tokens beside them: a span's substring search asks the index for the matches of its weeks alone.
        var trigrams = new IndexDefinition("ix_search_records_trgm") { Columns = ["body gin_trgm_ops", WeekTokensOfRecord], Method = IndexMethod.gin };
        trigrams.StorageParameters["gin_pending_list_limit"] = TrigramPendingListKb;
        table.Indexes.Add(trigrams);
        if (withRum)
        {
            // Ranked order straight from the index: the top matches of a broad word without ranking every match.
            // rum_tsvector_ops is RUM's default for tsvector: naming it would make the definition differ
            // from what PostgreSQL reports, and the index would be rebuilt at every start.
            table.Indexes.Add(new IndexDefinition(RumIndexName) { Columns = ["tsv"], CustomMethod = "rum" });
        }
        return table;
    }

    // The functions below compute what the table stores and indexes. Never edit one in place: Weasel replaces a changed
    // function with DROP FUNCTION ... CASCADE, which drops the phrase_tokens column and the indexes built on them, and nothing
    // rebuilds them until the next start. A new body takes a new name (SearchSchemaTests pins the bodies).
    public static readonly string WordPairsFunction = $"{EventStoreRegistration.SchemaName}.search_word_pairs";

    public static readonly string PhrasePairsFunction = $"{EventStoreRegistration.SchemaName}.search_phrase_pairs";

    public static readonly string PhraseTokensFunction = $"{EventStoreRegistration.SchemaName}.search_phrase_tokens";

    public static readonly string WeekTokensFunction = $"{EventStoreRegistration.SchemaName}.search_week_tokens";

    /// <summary>A record's week tokens as the trigram index holds them (an expression: only its three tokens, not the pairs).</summary>
    public static readonly string WeekTokensOfRecord = $"{WeekTokensFunction}(created_at)";

    public const long WeekMs = 7 * 86_400_000L;

    /// <summary>Week tokens (a tsquery, as text) held by every record created from a week on and before <c>Until</c>.</summary>
    public readonly record struct WeekSpan(string Tokens, long Until);

    /// <summary>A record's week tokens: its week, its block of 16 weeks and its block of 256, each a multiple of the last.</summary>
    public const int WeeksPerBlock = 16;

    /// <summary>
    /// Every two words next to each other in a record, as one of 65,536 buckets (a hash of the two stems), for quoted
    /// phrases. The full-text index knows which records hold both words of "connection pool", not whether they stand
    /// together: at 1.1M rows it handed over the 41,274 records holding both to find the ~2,000 with the phrase (22 ms
    /// for the index scan alone, the two words' lists being long). A pair's bucket lists those records and ~1,100 others,
    /// which the words themselves mostly rule out within the index. Buckets rather than the pairs themselves: the pairs
    /// of 20,000 records were 828,643 distinct, each an index entry of its own. Hashed with hashtextextended, the function
    /// hash partitioning relies on, so the buckets stay the same across PostgreSQL versions. Pairs are taken from the
    /// positions in tsv, as a phrase match checks them, so a record that matches a phrase always has its pairs.
    /// </summary>
    public static Function WordPairs() => ImmutableSqlFunction(WordPairsFunction, "words tsvector", "tsvector", """
        select array_to_tsvector(coalesce(array_agg(distinct (hashtextextended(a.lexeme || ' ' || b.lexeme, 0) & 65535)::text), '{}'))
        from (select lexeme, unnest(positions) as position from unnest(words)) as a
        join (select lexeme, unnest(positions) as position from unnest(words)) as b on b.position = a.position + 1
        """);

    /// <summary>A record's week tokens: its week, its block of 16 weeks and its block of 256 (see <see cref="WeeksFrom"/>).</summary>
    public static Function WeekTokens() => ImmutableSqlFunction(WeekTokensFunction, "created_at bigint", "tsvector",
        $"select array_to_tsvector(array['w' || (created_at / {WeekMs})::text, 'x' || (created_at / {WeekMs * WeeksPerBlock})::text, 'y' || (created_at / {WeekMs * WeeksPerBlock * WeeksPerBlock})::text])");

    /// <summary>A record's phrase tokens: its word pairs (<see cref="WordPairs"/>) and its week tokens (<see cref="WeekTokens"/>).</summary>
    public static Function PhraseTokens() => ImmutableSqlFunction(PhraseTokensFunction, "words tsvector, created_at bigint", "tsvector",
        $"select {WordPairsFunction}(words) || {WeekTokensFunction}(created_at)");

    /// <summary>
    /// The records of <paramref name="since"/>'s week and every later one up to <see cref="WeekSpan.Until"/>, as a tsquery
    /// (text) over the week tokens: the weeks up to the next block of 16, those blocks up to the next block of 256, and
    /// those blocks up to the one after <paramref name="now"/>'s, at most ~32 tokens. With a phrase's pairs it lets the
    /// index find the phrase among the newest records alone: at 1.1M rows "connection pool" is in ~2,400 records, 185 of
    /// them in the last 30 days, and reading a record costs a page (the project-time index named those of the span at 16 ms
    /// for 80,000 rows). The span stops short of <see cref="EpochRange.Latest"/>, which events may carry: every token is a
    /// lookup in the index, and those of the blocks up to 2286 (53 of them) made counting a phrase's records of 30 days
    /// take 3.2 ms instead of 2.6 at 1.1M rows (pgbench, 300 runs; durable PostgreSQL 15, default settings, 2 cores). The later records are looked up by time instead.
    /// </summary>
    public static WeekSpan WeeksFrom(long since, long now)
    {
        const long largeBlockMs = WeekMs * WeeksPerBlock * WeeksPerBlock;
        var tokens = new List<string>();
        var week = since / WeekMs;
        var firstBlock = (week + WeeksPerBlock - 1) / WeeksPerBlock;
        var firstLargeBlock = (firstBlock + WeeksPerBlock - 1) / WeeksPerBlock;
        var lastLargeBlock = Math.Max(since, now) / largeBlockMs + 1;
        for (var w = week; w < firstBlock * WeeksPerBlock; w++) tokens.Add($"'w{w}'");
        for (var x = firstBlock; x < firstLargeBlock * WeeksPerBlock; x++) tokens.Add($"'x{x}'");
        for (var y = firstLargeBlock; y <= lastLargeBlock; y++) tokens.Add($"'y{y}'");
        return new WeekSpan(string.Join(" | ", tokens), (lastLargeBlock + 1) * largeBlockMs);
    }

    /// <summary>
    /// The buckets of the phrases' word pairs, all required, as a tsquery over <c>phrase_tokens</c>; null when the phrases
    /// have no two words side by side (a phrase of one word, or of stop words). Immutable, so with the phrases known
    /// PostgreSQL computes it once while planning and estimates the buckets' frequency from the column's statistics.
    /// </summary>
    public static Function PhrasePairs() => ImmutableSqlFunction(PhrasePairsFunction, "phrases text[]", "tsquery", $"""
        select string_agg(distinct pair, ' & ')::tsquery
        from unnest(phrases) as phrase, unnest(tsvector_to_array({WordPairsFunction}(to_tsvector('{TextConfig}', phrase)))) as pair
        """);

    /// <summary>An immutable SQL function, written as PostgreSQL prints it back, so that Weasel finds nothing to change.</summary>
    private static Function ImmutableSqlFunction(string name, string arguments, string returns, string body) => Function.ForSql($"""
        CREATE OR REPLACE FUNCTION {name}({arguments})
         RETURNS {returns}
         LANGUAGE sql
         IMMUTABLE PARALLEL SAFE STRICT
        AS $function$
        {body}
        $function$;
        """);

    /// <summary>
    /// A GIN index that takes each record's entries at once, without a pending list (<c>fastupdate=off</c>). With one,
    /// every search read the whole list, unindexed, before the index: at 1.1M rows a 4 MB list (403 pages, 9,082 records
    /// inserted since the last vacuum) made a rare word's lookup read 408 pages instead of 5 (4-10 ms instead of 0.1 on a
    /// loaded machine). A record adds a few dozen words and filter tokens, cheap to insert one by one.
    /// </summary>
    private static IndexDefinition Unbuffered(IndexDefinition index)
    {
        index.StorageParameters["fastupdate"] = "off";
        return index;
    }

    /// <summary>The weighted document vector from four texts (SQL expressions), most important first.</summary>
    public static string Tsvector(string a, string b, string c, string d) =>
        $"setweight(to_tsvector('{TextConfig}', {a}), 'A') || setweight(to_tsvector('{TextConfig}', {b}), 'B')"
        + $" || setweight(to_tsvector('{TextConfig}', {c}), 'C') || setweight(to_tsvector('simple', {d}), 'D')";

    public const string InsertColumns =
        "id, team_id, project_id, session_id, kind, type, title, subtitle, concepts, files_read, files_modified, created_at, body, tsv, filter_tokens";

    public static readonly string UpsertSql = $"""
        insert into {QualifiedName} ({InsertColumns})
        values (?::uuid, ?::text, ?::text, ?::uuid, ?::text, ?::text, ?::text, ?::text, ?::text[], ?::text[], ?::text[], ?::bigint, ?::text,
            {Tsvector("?::text", "?::text", "?::text", "?::text")}, array_to_tsvector(?::text[]))
        on conflict (id) do update set
            team_id = excluded.team_id, project_id = excluded.project_id, session_id = excluded.session_id,
            kind = excluded.kind, type = excluded.type, title = excluded.title, subtitle = excluded.subtitle,
            concepts = excluded.concepts, files_read = excluded.files_read, files_modified = excluded.files_modified,
            created_at = excluded.created_at, body = excluded.body, tsv = excluded.tsv, filter_tokens = excluded.filter_tokens
        """;

    public static readonly string DeleteSql = $"delete from {QualifiedName} where id = ?::uuid";

    public static readonly string ForgetProjectSql =
        $"delete from {QualifiedName} where team_id = ?::text and project_id = ?::text and created_at <= ?::bigint";
}
