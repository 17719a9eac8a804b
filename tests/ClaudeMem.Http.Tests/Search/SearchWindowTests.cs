using System.Text.Json.Nodes;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Tests.Search;

/// <summary>
/// One server with a project larger than a ranked page's candidates, seeded once, oldest record first:
/// common words are ranked among the newest matches, rare ones are still found wherever they are, date
/// orders stay exact, and a phrase is found past the newest records holding its words.
/// </summary>
public sealed class WindowedProject : IAsyncLifetime
{
    public const string Name = "windows";
    public static readonly int Records = SearchQueries.MinCandidates * 9;

    /// <summary>
    /// More records holding a phrase's words out of order than a page is ranked from, and more than the substring
    /// fallback reads before it asks the trigram index.
    /// </summary>
    public static readonly int LooseRecords = Math.Max(SearchQueries.MinCandidates, SearchQueries.SubstringRecentRows) + 50;

    /// <summary>How old the phrase's only records are: older than every span of newest days a phrase or a substring is first looked for in.</summary>
    public static readonly int PhraseAgeDays = SearchQueries.RecentSpanDays.Max() + 20;
    public ServerFixture Server { get; } = new();
    public string Key { get; private set; } = "";
    /// <summary>
    /// Oldest first: record i says "common" (in its title for the older half, so that ranking every
    /// match would put old records first), every tenth also "tenth", the first one alone "needle".
    /// </summary>
    public List<string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Key = await Server.CreateKeyAsync(team: "windows");
        var api = new Api(Server.Host.Server.CreateClient());
        for (var i = 0; i < Records; i++)
        {
            var words = "common entry" + (i % 10 == 0 ? " tenth" : "") + (i == 0 ? " needle" : "");
            var reply = await api.PostAsync("/v1/memories", new { projectId = Name, title = i < Records / 2 ? $"Common record {i}" : $"Record {i}", text = words }, Key);
            Assert.True(reply.Code == 201, reply.ToString());
            Ids.Add(reply.Body!["memory"]!["id"]!.ToString());
        }
        // Old records say "harbour lantern" (one of them also loadQuuxByWobble); thousands of newer ones say "lantern ... harbour". Written
        // straight to the search table: thousands of HTTP posts would take minutes.
        await using var connection = new Npgsql.NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var seed = new Npgsql.NpgsqlCommand($"""
            insert into {SearchRecordsTable.QualifiedName} (id, team_id, project_id, kind, title, concepts, files_read, files_modified, created_at, body, tsv, filter_tokens)
            select gen_random_uuid(), team_id, project_id, 'memory', 'Loose ' || n, array[]::text[], array[]::text[], array[]::text[], created_at + n, body,
                to_tsvector('english', body), array_to_tsvector(array['k:memory'])
            from (select team_id, project_id, max(created_at) as created_at from {SearchRecordsTable.QualifiedName} where project_id = '{Name}' group by 1, 2) newest,
                generate_series(1, {LooseRecords}) as n,
                lateral (select 'lantern near the harbour ' || n as body) b;
            insert into {SearchRecordsTable.QualifiedName} (id, team_id, project_id, kind, title, concepts, files_read, files_modified, created_at, body, tsv, filter_tokens)
            select @phrase, team_id, project_id, 'memory', 'Harbour', array[]::text[], array[]::text[], array[]::text[], max(created_at) - @age, 'the harbour lantern lights loadQuuxByWobble', to_tsvector('english', 'the harbour lantern lights loadQuuxByWobble'), array_to_tsvector(array['k:memory'])
            from {SearchRecordsTable.QualifiedName} where project_id = '{Name}' group by team_id, project_id;
            insert into {SearchRecordsTable.QualifiedName} (id, team_id, project_id, kind, title, concepts, files_read, files_modified, created_at, body, tsv, filter_tokens)
            select @between, team_id, project_id, 'memory', 'Quay', array[]::text[], array[]::text[], array[]::text[], max(created_at) - @age / 2, 'a harbour lantern on the quay', to_tsvector('english', 'a harbour lantern on the quay'), array_to_tsvector(array['k:memory'])
            from {SearchRecordsTable.QualifiedName} where project_id = '{Name}' group by team_id, project_id;
            """, connection);
        seed.Parameters.AddWithValue("phrase", PhraseId);
        seed.Parameters.AddWithValue("between", BetweenId);
        seed.Parameters.AddWithValue("age", PhraseAgeDays * 86_400_000L);
        await seed.ExecuteNonQueryAsync();

        // Project "ahead": a day old, 600 records say "tide gauge" and measureTideGaugeLevel; an hour old, 520 newer ones
        // say neither; one record is dated thirty years ahead, past where a span's week tokens end.
        await using var ahead = new Npgsql.NpgsqlCommand($"""
            insert into {SearchRecordsTable.QualifiedName} (id, team_id, project_id, kind, title, concepts, files_read, files_modified, created_at, body, tsv, filter_tokens)
            select r.id, team.team_id, '{AheadProject}', 'memory', r.title, array[]::text[], array[]::text[], array[]::text[], r.created_at, r.body,
                to_tsvector('english', r.body), array_to_tsvector(array['k:memory'])
            from (select distinct team_id from {SearchRecordsTable.QualifiedName} where project_id = '{Name}') team,
                (select gen_random_uuid() as id, 'Gauge ' || n as title, @now - 86400000 + n as created_at, 'tide gauge reading ' || n || ' by measureTideGaugeLevel' as body
                 from generate_series(1, 600) as n
                 union all
                 select gen_random_uuid(), 'Filler ' || n, @now - 3600000 + n, 'plain filler ' || n from generate_series(1, 520) as n
                 union all
                 select @ahead, 'Ahead', @now + 30 * 365 * 86400000::bigint, 'tide gauge reading from a clock set far ahead by measureTideGaugeLevel') as r;
            """, connection);
        ahead.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        ahead.Parameters.AddWithValue("ahead", AheadId);
        await ahead.ExecuteNonQueryAsync();
    }

    public const string AheadProject = "ahead";

    /// <summary>The record of <see cref="AheadProject"/> dated thirty years ahead.</summary>
    public static readonly Guid AheadId = Guid.NewGuid();

    public static readonly Guid PhraseId = Guid.NewGuid();

    /// <summary>A second "harbour lantern", half as old: in the widest span but not the first.</summary>
    public static readonly Guid BetweenId = Guid.NewGuid();

    public Task DisposeAsync() => Server.DisposeAsync();
}

public sealed class SearchWindowTests(WindowedProject data) : IClassFixture<WindowedProject>
{
    private const string Project = WindowedProject.Name;
    private List<string> _ids => data.Ids;
    private Api Api => new(data.Server.Host.Server.CreateClient());

    private async Task<List<string>> SearchAsync(object body)
    {
        var reply = await Api.PostAsync("/v1/search", body, data.Key);
        Assert.True(reply.Code == 200, reply.ToString());
        return reply.Body!["results"]!.AsArray().Select(r => r!["id"]!.ToString()).ToList();
    }

    [Fact]
    public async Task A_word_only_the_oldest_record_has_is_found()
    {
        Assert.Equal([_ids[0]], await SearchAsync(new { projectId = Project, query = "needle" }));
    }

    [Fact]
    public async Task Newest_first_with_a_query_is_exact_across_pages()
    {
        var tenth = _ids.Where((_, i) => i % 10 == 0).Reverse().ToList();
        var page1 = await SearchAsync(new { projectId = Project, query = "tenth", orderBy = "date_desc", limit = 50 });
        var page2 = await SearchAsync(new { projectId = Project, query = "tenth", orderBy = "date_desc", limit = 50, offset = 50 });
        Assert.Equal(tenth[..50], page1);
        Assert.Equal(tenth[50..], page2);
        Assert.Equal(tenth[^5..].AsEnumerable().Reverse(),
            await SearchAsync(new { projectId = Project, query = "tenth", orderBy = "date_asc", limit = 5 }));
    }

    [Fact]
    public async Task A_common_word_is_ranked_among_the_newest_matches_and_pages_do_not_overlap()
    {
        var page1 = await SearchAsync(new { projectId = Project, query = "common", limit = 20 });
        var page2 = await SearchAsync(new { projectId = Project, query = "common", limit = 20, offset = 20 });
        Assert.Equal(20, page1.Count);
        Assert.Equal(20, page2.Count);
        Assert.Empty(page1.Intersect(page2));
        var newest = _ids[^SearchQueries.MinCandidates..].ToHashSet();
        Assert.All(page1.Concat(page2), id => Assert.Contains(id, newest));
    }

    [Fact]
    public async Task A_phrase_is_found_behind_thousands_of_newer_records_with_its_words_in_another_order()
    {
        // Both are older than the first span; one is older than every span: only looking everywhere finds it.
        Assert.Equal([WindowedProject.BetweenId.ToString(), WindowedProject.PhraseId.ToString()],
            (await SearchAsync(new { projectId = Project, query = "\"harbour lantern\"", orderBy = "date_desc" })));
        Assert.Equal(20, (await SearchAsync(new { projectId = Project, query = "\"lantern near\"" })).Count);
        // With an alternative the word pairs are not all required: the spans of newest records, then everywhere.
        Assert.Equal([WindowedProject.BetweenId.ToString(), WindowedProject.PhraseId.ToString()],
            (await SearchAsync(new { projectId = Project, query = "\"harbour lantern\" or zyzzyva", orderBy = "date_desc" })));
    }

    [Fact]
    public async Task A_record_dated_past_the_end_of_a_spans_week_tokens_is_still_the_newest_match()
    {
        var ahead = WindowedProject.AheadId.ToString();
        // A phrase: its records of the last 30 days are found by their week tokens, the one ahead by its time.
        var phrase = await SearchAsync(new { projectId = WindowedProject.AheadProject, query = "\"tide gauge\"", orderBy = "date_desc", limit = 3 });
        Assert.Equal(ahead, phrase[0]);
        Assert.Equal(3, phrase.Distinct().Count());
        // A phrase without word pairs (a stop word and a word) has no week tokens to end: the record ahead is found once.
        var noPairs = await SearchAsync(new { projectId = WindowedProject.AheadProject, query = "\"the tide\"", orderBy = "date_desc", limit = 3 });
        Assert.Equal(ahead, noPairs[0]);
        Assert.Equal(3, noPairs.Distinct().Count());
        // A partial identifier absent from the newest records but for the one ahead: the trigram index's span, then the time.
        var partial = await SearchAsync(new { projectId = WindowedProject.AheadProject, query = "easureTideGaugeLeve" });
        Assert.Equal(20, partial.Count);
        Assert.Equal(ahead, partial[0]);
        Assert.Equal(20, partial.Distinct().Count());
    }

    [Fact]
    public async Task A_partial_identifier_is_found_behind_thousands_of_newer_records()
    {
        Assert.Equal([WindowedProject.PhraseId.ToString()], await SearchAsync(new { projectId = Project, query = "QuuxByWob" }));
    }
}
