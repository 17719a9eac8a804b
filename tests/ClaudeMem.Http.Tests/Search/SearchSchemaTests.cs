using Alba;
using ClaudeMem.Events.Search;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ClaudeMem.Http.Tests.Search;

public class SearchSchemaTests
{
    /// <summary>
    /// A restart must find the search table's indexes as it described them: a definition that differs
    /// from what PostgreSQL reports would drop and rebuild them at every start (minutes at a million rows).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restarting_the_server_keeps_every_search_index(bool rum)
    {
        await using var first = new ServerFixture { Customize = s => s with { SearchRum = rum } };
        await first.InitializeAsync();
        var before = await IndexesAsync(first.ConnectionString);
        Assert.Equal(rum, before.Any(i => i.Definition.Contains("USING rum")));
        // tsv in the row, not in TOAST: four page reads fewer for every record a search checks or ranks.
        Assert.Contains($"toast_tuple_target={SearchRecordsTable.ToastTupleTarget}", await TableOptionsAsync(first.ConnectionString));
        // Nothing left to change, the word-pair functions and their generated column included (a function whose text
        // differs from PostgreSQL's would be replaced at every start, and `db-assert` would report it).
        await first.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
        await first.DisposeAsync();

        var builder = ServerApp.CreateBuilder(new Configuration.ServerSettings { DatabaseConnectionString = first.ConnectionString, SearchRum = rum });
        await using (var second = await AlbaHost.For(builder, ServerApp.ConfigurePipeline))
            Assert.Equal(before, await IndexesAsync(first.ConnectionString));
    }

    /// <summary>
    /// A database written by a version without phrase tokens: the first start adds the column, which PostgreSQL computes for
    /// every record already there, so a phrase search (which requires the tokens) still finds the old records.
    /// </summary>
    [Fact]
    public async Task The_records_of_a_database_from_before_the_phrase_tokens_are_found_by_phrase_after_the_upgrade()
    {
        await using var first = new ServerFixture();
        await first.InitializeAsync();
        var key = await first.CreateKeyAsync(team: "upgrade");
        var added = await new Api(first.Host.Server.CreateClient()).PostAsync("/v1/memories",
            new { projectId = "old", title = "Lights", text = "the harbour lantern lights the quay" }, key);
        Assert.True(added.Code == 201, added.ToString());
        await first.DisposeAsync();
        await using (var connection = new NpgsqlConnection(first.ConnectionString))
        {
            await connection.OpenAsync();
            await using var downgrade = new NpgsqlCommand($"""
                alter table {SearchRecordsTable.QualifiedName} drop column phrase_tokens;
                drop index claude_mem.ix_search_records_trgm;
                drop function {SearchRecordsTable.PhrasePairsFunction}, {SearchRecordsTable.PhraseTokensFunction}, {SearchRecordsTable.WeekTokensFunction},
                    {SearchRecordsTable.WordPairsFunction};
                create index {SearchRecordsTable.WordsAndFiltersIndexName} on {SearchRecordsTable.QualifiedName} using gin (tsv, filter_tokens) with (fastupdate = off);
                create index ix_search_records_trgm on {SearchRecordsTable.QualifiedName} using gin (body gin_trgm_ops) with (gin_pending_list_limit = 256);
                delete from public.weasel_schema_fingerprints;
                """, connection);
            await downgrade.ExecuteNonQueryAsync();
        }

        var builder = ServerApp.CreateBuilder(new Configuration.ServerSettings { DatabaseConnectionString = first.ConnectionString });
        await using var second = await AlbaHost.For(builder, ServerApp.ConfigurePipeline);
        var found = await new Api(second.Server.CreateClient()).PostAsync("/v1/search", new { projectId = "old", query = "\"harbour lantern\"" }, key);
        Assert.True(found.Code == 200, found.ToString());
        Assert.Equal(added.Body!["memory"]!["id"]!.ToString(), Assert.Single(found.Body!["results"]!.AsArray())!["id"]!.ToString());
        var indexes = await IndexesAsync(first.ConnectionString);
        Assert.Contains(indexes, i => i.Definition.Contains($"gin (body gin_trgm_ops, {SearchRecordsTable.WeekTokensOfRecord})"));
        Assert.Contains(indexes, i => i.Definition.Contains("gin (tsv, filter_tokens, phrase_tokens)"));
    }

    /// <summary>
    /// Weasel replaces a function whose text changed with <c>DROP FUNCTION ... CASCADE</c> and a new <c>CREATE</c>: that drops the
    /// phrase_tokens column and the indexes computed by these functions, and nothing rebuilds them until the next start (seen
    /// on the bench's database, whose search then failed). A new body needs a new function name; an edit in place fails here.
    /// </summary>
    [Fact]
    public void The_functions_that_stored_tokens_are_computed_by_are_never_edited_in_place()
    {
        var bodies = new[] { SearchRecordsTable.WordPairs(), SearchRecordsTable.WeekTokens(), SearchRecordsTable.PhraseTokens() }
            .ToDictionary(f => f.Identifier.Name, f => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(f.Body())))[..16]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["search_word_pairs"] = "B288EFA7CB3C77B9",
            ["search_week_tokens"] = "65E007909411AA06",
            ["search_phrase_tokens"] = "7F643EE309CD17CA",
        }, bodies);
    }

    private static async Task<string[]> TableOptionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(reloptions, '{}') from pg_class where oid = 'claude_mem.search_records'::regclass", connection);
        return (string[])(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<(uint Oid, string Definition)>> IndexesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select indexrelid::oid, pg_get_indexdef(indexrelid) from pg_index where indrelid = 'claude_mem.search_records'::regclass order by 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new List<(uint, string)>();
        while (await reader.ReadAsync()) indexes.Add((reader.GetFieldValue<uint>(0), reader.GetString(1)));
        return indexes;
    }
}
