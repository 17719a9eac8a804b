using System.Text;
using ClaudeMem.Events;
using ClaudeMem.Events.Search;
using ClaudeMem.Http.Auth;
using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Http.Tests.Search;

/// <summary>
/// The phrase tokens a phrase search requires only let the index skip records. Word pairs: over texts with stop
/// words, hyphens, paths, identifiers, emoji, right-to-left and CJK text, repeated words and more words than a
/// position can count, every record that matches a query matches it with its pairs required too, and the pairs
/// do turn away records holding a phrase's words apart. Week tokens: a span's tokens are held by exactly the
/// records of its first week and later, up to where they end.
/// </summary>
public sealed class PhraseTokensTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Project = "word-pairs";

    private static readonly string[] Vocabulary =
    [
        "the", "of", "a", "and", "connection", "pool", "pooled", "connections", "cache", "stale", "rate-limit", "rate", "limit",
        "src/auth/session.ts", "getUserById", "foo.bar/baz", "v2.1", "42", "🚀", "שלום", "עולם", "مرحبا", "数据库", "连接池",
        "Retry", "RETRY", "budget", "it's", "don't", "e-mail", "x", "run", "running", "ran",
    ];

    [Fact]
    public async Task A_phrase_matches_the_same_records_with_its_word_pairs_required()
    {
        var random = new Random(20261128);
        var texts = Enumerable.Range(0, 300).Select(_ => Text(random, random.Next(3, 40))).ToList();
        // Past 16,383 words every position reads 16,383: the phrase at the end stands at the cap.
        texts.Add(Text(random, 17_000) + " connection pool");
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var text in texts) await InsertAsync(connection, text);

        var queries = new List<string> { "\"connection pool\"", "\"the of\"", "\"pool\"", "\"connection pool\" or cache", "\"connection pool\" -stale",
            "\"rate-limit budget\"", "\"数据库 连接池\"", "\"שלום עולם\"", "\"getUserById foo.bar/baz\"", "\"connection pool", "\"pool pool\"" };
        foreach (var text in texts.Take(300))
        {
            var words = text.Split(' ');
            var start = random.Next(words.Length);
            var phrase = string.Join(' ', words.Skip(start).Take(random.Next(2, 5)));
            queries.Add($"\"{phrase}\"");
            queries.Add($"\"{phrase}\" {Vocabulary[random.Next(Vocabulary.Length)]}");
        }

        long matches = 0, turnedAway = 0;
        foreach (var query in queries)
        {
            var (plain, withPairs, wordsApart) = await CountAsync(connection, query);
            Assert.True(plain == withPairs, $"{query}: {plain} records match, {withPairs} with the word pairs required");
            matches += plain;
            turnedAway += wordsApart;
        }
        Assert.True(matches > 500, $"only {matches} matches: the texts or queries no longer exercise the condition");
        Assert.True(turnedAway > 100, $"the pairs turned away {turnedAway} records holding a phrase's words apart");
    }

    [Fact]
    public async Task The_week_tokens_from_a_moment_on_are_held_by_the_records_of_its_week_and_every_later_one_up_to_where_they_end()
    {
        const long block = SearchRecordsTable.WeekMs * SearchRecordsTable.WeeksPerBlock, largeBlock = block * SearchRecordsTable.WeeksPerBlock;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long[] moments = [EpochRange.Earliest, now - 30 * 86_400_000L, now - 180 * 86_400_000L, now, 20 * largeBlock, 20 * largeBlock - 1,
            200 * block, 200 * block + 5 * SearchRecordsTable.WeekMs, EpochRange.Latest - SearchRecordsTable.WeekMs, EpochRange.Latest];
        var random = new Random(11);
        var times = moments.SelectMany(m => new[] { m - 1, m, m + 1, m - SearchRecordsTable.WeekMs, m + SearchRecordsTable.WeekMs, m - block, m + block,
                m - largeBlock, m + largeBlock })
            .Concat(Enumerable.Range(0, 2_000).Select(_ => random.NextInt64(EpochRange.Earliest, EpochRange.Latest + 1)))
            .Where(t => t is >= EpochRange.Earliest and <= EpochRange.Latest).ToArray();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var since in moments)
        {
            await using var check = new NpgsqlCommand($"""
                select count(*) filter (where held <> (t / {SearchRecordsTable.WeekMs} >= @since / {SearchRecordsTable.WeekMs} and t < @until)), count(*) filter (where held), count(*)
                from unnest(@times) as t, lateral (select {SearchRecordsTable.PhraseTokensFunction}(''::tsvector, t) @@ @weeks::tsquery as held) h
                """, connection);
            check.Parameters.AddWithValue("since", since);
            check.Parameters.AddWithValue("times", times);
            var span = SearchRecordsTable.WeeksFrom(since, now);
            Assert.True(span.Until > now + 256 * SearchRecordsTable.WeekMs, $"from {since}: the tokens end at {span.Until}, less than a block of 256 weeks after now");
            check.Parameters.AddWithValue("until", span.Until);
            check.Parameters.AddWithValue("weeks", span.Tokens);
            await using var reader = await check.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.True(reader.GetInt64(0) == 0, $"from {since}: {reader.GetInt64(0)} of {reader.GetInt64(2)} times held the wrong tokens");
            if (since != EpochRange.Earliest && since != EpochRange.Latest)
                Assert.InRange(reader.GetInt64(1), 1, reader.GetInt64(2) - 1);
        }
    }

    private static string Text(Random random, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++) text.Append(i == 0 ? "" : " ").Append(Vocabulary[random.Next(Vocabulary.Length)]);
        return text.ToString();
    }

    /// <summary>Split over the four weighted fields, so that phrases also cross from one field into the next.</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, string text)
    {
        var words = text.Split(' ');
        var quarter = Math.Max(1, words.Length / 4);
        string Part(int i) => string.Join(' ', words.Skip(i * quarter).Take(i == 3 ? int.MaxValue : quarter));
        await using var insert = new NpgsqlCommand($"""
            insert into {SearchRecordsTable.QualifiedName} (id, team_id, project_id, kind, title, concepts, files_read, files_modified, created_at, body, tsv, filter_tokens)
            values (gen_random_uuid(), @team, @project, 'memory', @a, array[]::text[], array[]::text[], array[]::text[], 0, @body,
                {SearchRecordsTable.Tsvector("@a", "@b", "@c", "@d")}, array_to_tsvector(array['k:memory']))
            """, connection);
        insert.Parameters.AddWithValue("team", Caller.DefaultTeam);
        insert.Parameters.AddWithValue("project", Project);
        insert.Parameters.AddWithValue("body", text.Length > 200 ? text[..200] : text);
        for (var i = 0; i < 4; i++) insert.Parameters.AddWithValue(((char)('a' + i)).ToString(), Part(i));
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Records matching the query, matching it with the pairs required as the search adds them, and holding every word
    /// of its phrases but not their pairs.
    /// </summary>
    private static async Task<(long Plain, long WithPairs, long WordsApart)> CountAsync(NpgsqlConnection connection, string query)
    {
        var phrases = QueryTerms.Parse(query).RequiredPhrases.ToArray();
        await using var count = new NpgsqlCommand($"""
            select count(*) filter (where tsv @@ q),
                count(*) filter (where tsv @@ q and (phrase_tokens @@ p or p is null)),
                count(*) filter (where tsv @@ w and not phrase_tokens @@ p)
            from {SearchRecordsTable.QualifiedName},
                websearch_to_tsquery('{SearchRecordsTable.TextConfig}', @query) as q,
                {SearchRecordsTable.PhrasePairsFunction}(@phrases) as p,
                plainto_tsquery('{SearchRecordsTable.TextConfig}', array_to_string(@phrases, ' ')) as w
            where project_id = @project
            """, connection);
        count.Parameters.AddWithValue("query", query);
        count.Parameters.Add(new NpgsqlParameter("phrases", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = phrases });
        count.Parameters.AddWithValue("project", Project);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
