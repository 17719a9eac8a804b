using ClaudeMem.Events.Access;
using ClaudeMem.Testing;
using Marten;
using Npgsql;

namespace ClaudeMem.Events.Tests;

/// <summary>
/// The schema fingerprint that lets a restart skip the catalog comparison (EventStoreRegistration.ConfigureStore):
/// the same full apply the server's start-up runs (Marten's ApplyAllDatabaseChangesOnStartup), against a real database.
/// </summary>
public class SchemaStampTests
{
    // Weasel keeps the stamps in its migrator's default schema, not in the store's.
    private const string Stamps = "public.weasel_schema_fingerprints";
    private const string ApiKeyNameIndex = "mt_doc_apikey_idx_name";

    private static DocumentStore Store(string connectionString, Action<StoreOptions>? more = null) => DocumentStore.For(opts =>
    {
        EventStoreRegistration.ConfigureStore(opts, connectionString, withRum: false);
        more?.Invoke(opts);
    });

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task<long> IndexCountAsync(string connectionString, string index) =>
        ScalarAsync<long>(connectionString, $"select count(*) from pg_indexes where schemaname = '{EventStoreRegistration.SchemaName}' and indexname = '{index}'");

    private static async Task<long> StampCountAsync(string connectionString)
    {
        var schemas = await ScalarAsync<string>(connectionString, "select coalesce(string_agg(schemaname, ','), '') from pg_tables where tablename = 'weasel_schema_fingerprints'");
        Assert.Equal("public", schemas);
        return await ScalarAsync<long>(connectionString, $"select count(*) from {Stamps}");
    }

    [Fact]
    public async Task A_fresh_database_gets_its_schema_and_one_stamp()
    {
        var connectionString = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        await using var store = Store(connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(1, await IndexCountAsync(connectionString, "mt_doc_apikey_uidx_key_hash"));
        Assert.Equal(1, await StampCountAsync(connectionString));
    }

    [Fact]
    public async Task A_matching_stamp_skips_the_catalog_comparison()
    {
        var connectionString = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        await using (var first = Store(connectionString)) await first.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // A change by hand: a comparison would restore the index, a trusted stamp does not look.
        await ScalarAsync<object>(connectionString, $"drop index {EventStoreRegistration.SchemaName}.mt_doc_auditentry_idx_at_epoch; select 1");

        await using var restarted = Store(connectionString);
        await restarted.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(0, await IndexCountAsync(connectionString, "mt_doc_auditentry_idx_at_epoch"));
        Assert.Equal(1, await StampCountAsync(connectionString));
    }

    [Fact]
    public async Task A_changed_schema_migrates_and_stamps_again()
    {
        var connectionString = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        await using (var first = Store(connectionString)) await first.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Assert.Equal(0, await IndexCountAsync(connectionString, ApiKeyNameIndex));

        // An upgraded server whose configuration adds an index.
        await using var upgraded = Store(connectionString, opts => opts.Schema.For<ApiKey>().Index(x => x.Name));
        await upgraded.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(1, await IndexCountAsync(connectionString, ApiKeyNameIndex));
        Assert.Equal(2, await StampCountAsync(connectionString));
    }

    [Fact]
    public async Task Deleting_the_stamps_forces_the_full_comparison()
    {
        var connectionString = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        await using (var first = Store(connectionString)) await first.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await ScalarAsync<object>(connectionString,
            $"drop index {EventStoreRegistration.SchemaName}.mt_doc_auditentry_idx_at_epoch; delete from {Stamps}; select 1");

        await using var restarted = Store(connectionString);
        await restarted.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(1, await IndexCountAsync(connectionString, "mt_doc_auditentry_idx_at_epoch"));
        Assert.Equal(1, await StampCountAsync(connectionString));
    }
}
