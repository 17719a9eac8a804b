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

        await StartAndStopAsync(database);
        Assert.True(await IndexExistsAsync(database));
        Assert.Equal(1L, await ScalarAsync(database, "select count(*) from claude_mem.message_storage_stamps"));

        // The stamp is trusted, as Marten trusts its own: an index dropped behind the server's back is not looked for.
        // (A missing table is: Wolverine then reads every one of its tables and refuses to start.)
        await ScalarAsync(database, $"drop index claude_mem.{Index}");
        await StartAndStopAsync(database);
        Assert.False(await IndexExistsAsync(database));

        // Another definition (a stamp written by another Wolverine version) migrates again and stamps the current one.
        await ScalarAsync(database, "update claude_mem.message_storage_stamps set fingerprint = 'an older definition'");
        await StartAndStopAsync(database);
        Assert.True(await IndexExistsAsync(database));
        Assert.Equal(2L, await ScalarAsync(database, "select count(*) from claude_mem.message_storage_stamps"));
    }

    [Fact]
    public async Task Two_servers_starting_at_once_on_a_new_database_both_start_and_one_stamp_is_left()
    {
        var database = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();

        // Both find no stamp and migrate, one after the other under Wolverine's lock, and both stamp. Whether their creations
        // of the stamp table collide (the 23505/42P07 the step swallows) is up to timing; either way both must start.
        var hosts = await Task.WhenAll(StartAsync(database), StartAsync(database));
        foreach (var host in hosts) await host.DisposeAsync();

        Assert.True(await IndexExistsAsync(database));
        Assert.Equal(1L, await ScalarAsync(database, "select count(*) from claude_mem.message_storage_stamps"));
    }

    [Fact]
    public async Task A_stamp_that_cannot_be_written_does_not_stop_the_start_and_the_next_start_migrates_again()
    {
        var database = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        // A stamp table that refuses every row: the migration succeeds, its stamp does not.
        await ScalarAsync(database, """
            create schema claude_mem;
            create table claude_mem.message_storage_stamps (fingerprint text primary key, applied_at timestamptz not null default now(), check (false))
            """);

        await StartAndStopAsync(database);
        Assert.True(await IndexExistsAsync(database));
        Assert.Equal(0L, await ScalarAsync(database, "select count(*) from claude_mem.message_storage_stamps"));

        // Without a stamp nothing is skipped: an index dropped meanwhile is found missing and built again.
        await ScalarAsync(database, $"drop index claude_mem.{Index}");
        await StartAndStopAsync(database);
        Assert.True(await IndexExistsAsync(database));
    }

    private static async Task StartAndStopAsync(string database) => await (await StartAsync(database)).DisposeAsync();

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
