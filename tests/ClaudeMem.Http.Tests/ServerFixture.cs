using Alba;
using ClaudeMem.Events.Access;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Configuration;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClaudeMem.Http.Tests;

/// <summary>A real host (Alba over the app's own composition) on a fresh database of the shared test PostgreSQL.</summary>
public class ServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public Func<ServerSettings, ServerSettings> Customize { get; init; } = s => s;

    /// <summary>The cluster to use; a test that restarts PostgreSQL brings its own.</summary>
    public Func<Task<PostgresServer>> Postgres { get; init; } = SharedServers.PostgresAsync;

    public async Task InitializeAsync()
    {
        var postgres = await Postgres();
        ConnectionString = await postgres.CreateDatabaseAsync();
        var settings = Customize(new ServerSettings { DatabaseConnectionString = ConnectionString });
        var builder = ServerApp.CreateBuilder(settings);
        Host = await AlbaHost.For(builder, ServerApp.ConfigurePipeline);
    }

    public async Task<string> CreateKeyAsync(string scopes = "*", string team = "team-a", string? project = null, long? expiresAtEpoch = null)
    {
        var created = await ApiKeyAdmin.CreateAsync(Store, "test", scopes.Split(','), team, project, expiresAtEpoch,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
        return created.RawKey;
    }

    /// <summary>
    /// Rows, in every table of the database (documents, events, audit), whose text holds
    /// <paramref name="needle"/>: proof by reading what was stored, not by trusting one field.
    /// </summary>
    public async Task<int> RowsContainingAsync(string needle)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select format('%I.%I', table_schema, table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var rows = 0;
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table} t where strpos(t::text, @needle) > 0", connection);
            count.Parameters.AddWithValue("needle", needle);
            rows += (int)(long)(await count.ExecuteScalarAsync())!;
        }
        return rows;
    }

    public Task<ApiKey?> RevokeAsync(string rawKey) => RevokeByHashAsync(ApiKeySecrets.Hash(rawKey));

    private async Task<ApiKey?> RevokeByHashAsync(string hash)
    {
        await using var query = Store.QuerySession();
        var key = await query.Query<ApiKey>().SingleAsync(k => k.KeyHash == hash);
        return await ApiKeyAdmin.RevokeAsync(Store, key.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
