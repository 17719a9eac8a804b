using Alba;
using ClaudeMem.Http.Configuration;
using Npgsql;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// Wolverine's message tables are migrated on a new database and again only when their definition changed:
/// a start that finds the stamp of the current definition skips Wolverine's catalog reads (issue 11, start-up).
/// </summary>
public class MessageStorageProvisioningTests
{
    [Fact]
    public async Task Migrated_on_a_new_database_skipped_while_the_stamp_matches_and_migrated_again_when_it_does_not()
    {
        var database = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();

        await (await StartAsync(database)).DisposeAsync();
        Assert.True(await IndexExistsAsync(database));
        Assert.Equal(1L, await ScalarAsync(database, "select count(*) from claude_mem.message_storage_stamps"));

        // The stamp is trusted, as Marten trusts its own: an index dropped behind the server's back is not looked for.
        // (A missing table is: Wolverine then reads every one of its tables and refuses to start.)
        await ScalarAsync(database, $"drop index claude_mem.{Index}");
        await (await StartAsync(database)).DisposeAsync();
        Assert.False(await IndexExistsAsync(database));

        // Another definition (a stamp written by another Wolverine version) migrates again and stamps the current one.
        await ScalarAsync(database, "update claude_mem.message_storage_stamps set fingerprint = 'an older definition'");
        await (await StartAsync(database)).DisposeAsync();
        Assert.True(await IndexExistsAsync(database));
        Assert.Equal(2L, await ScalarAsync(database, "select count(*) from claude_mem.message_storage_stamps"));
    }

    private static async Task<IAlbaHost> StartAsync(string database) =>
        await AlbaHost.For(ServerApp.CreateBuilder(new ServerSettings { DatabaseConnectionString = database }), ServerApp.ConfigurePipeline);

    private const string Index = "idx_wolverine_incoming_envelopes_keep_until";

    private static async Task<bool> IndexExistsAsync(string database) =>
        (long)(await ScalarAsync(database, $"select count(*) from pg_indexes where schemaname = 'claude_mem' and indexname = '{Index}'"))! == 1;

    private static async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
