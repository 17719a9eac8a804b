using ClaudeMem.Events.Search;
using Npgsql;

namespace ClaudeMem.Http.Tests.Search;

/// <summary>
/// CLAUDE_MEM_SEARCH_CONNECTIONS bounds how many search-table reads run in PostgreSQL at once: the others wait
/// for a connection, and one that waits longer than the connection string's Timeout is a 503, never a 500.
/// The search table is held under an exclusive lock so that every search started stays inside PostgreSQL.
/// </summary>
public sealed class SearchConnectionLimitTests
{
    private const string Project = "limits";

    [Fact]
    public async Task No_more_searches_than_the_limit_run_in_postgres_and_the_rest_are_answered_after_them()
    {
        await using var server = new ServerFixture { Customize = s => s with { SearchConnections = 2 } };
        await server.InitializeAsync();
        var (api, key) = await SeedAsync(server);

        await using var locked = await LockSearchTableAsync(server.ConnectionString);
        var searches = Enumerable.Range(0, 12).Select(_ => api.PostAsync("/v1/search", new { projectId = Project, query = "lantern" }, key)).ToList();
        await WaitForBlockedSearchesAsync(server.ConnectionString, 2);
        // Without the limit all twelve would be waiting on the lock by now.
        await Task.Delay(500);
        Assert.Equal(2, await BlockedSearchesAsync(server.ConnectionString));
        Assert.All(searches, s => Assert.False(s.IsCompleted));

        await locked.Transaction.RollbackAsync();
        foreach (var reply in await Task.WhenAll(searches))
        {
            Assert.True(reply.Code == 200, reply.ToString());
            Assert.Single(reply.Body!["results"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_search_that_waits_past_the_timeout_for_a_connection_is_a_503_with_retry_after()
    {
        await using var server = new ServerFixture
        {
            Customize = s => s with
            {
                SearchConnections = 1,
                DatabaseConnectionString = new NpgsqlConnectionStringBuilder(s.DatabaseConnectionString) { Timeout = 2 }.ConnectionString,
            },
        };
        await server.InitializeAsync();
        var (api, key) = await SeedAsync(server);

        await using var locked = await LockSearchTableAsync(server.ConnectionString);
        var first = api.PostAsync("/v1/search", new { projectId = Project, query = "lantern" }, key);
        await WaitForBlockedSearchesAsync(server.ConnectionString, 1);
        var second = await api.PostAsync("/v1/search", new { projectId = Project, query = "lantern" }, key);
        Assert.True(second.Code == 503, second.ToString());
        Assert.Equal(Infrastructure.ApiErrors.Unavailable, second.Error);
        Assert.Equal("2", second.Response.Headers.RetryAfter?.ToString());

        await locked.Transaction.RollbackAsync();
        var answered = await first;
        Assert.True(answered.Code == 200, answered.ToString());
    }

    private static async Task<(Api Api, string Key)> SeedAsync(ServerFixture server)
    {
        var key = await server.CreateKeyAsync(team: "limits");
        var api = new Api(server.Host.Server.CreateClient());
        var created = await api.PostAsync("/v1/memories", new { projectId = Project, title = "Harbour", text = "the lantern by the harbour" }, key);
        Assert.True(created.Code == 201, created.ToString());
        return (api, key);
    }

    private sealed record TableLock(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }

    private static async Task<TableLock> LockSearchTableAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"lock table {SearchRecordsTable.QualifiedName} in access exclusive mode", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    /// <summary>From a connection of its own: a transaction sees pg_stat_activity as it was when first read.</summary>
    private static async Task<long> BlockedSearchesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = current_database() and application_name = @name and wait_event_type = 'Lock'", connection);
        command.Parameters.AddWithValue("name", SearchQueries.ApplicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForBlockedSearchesAsync(string connectionString, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await BlockedSearchesAsync(connectionString) < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {expected} searches reached PostgreSQL in 20 s");
            await Task.Delay(50);
        }
    }
}
