using Alba;
using ClaudeMem.Events.Access;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ClaudeMem.Http.Tests;

/// <summary>A real host (Alba over the app's own composition) on a fresh database of the shared test PostgreSQL.</summary>
public class ServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public Func<ServerSettings, ServerSettings> Customize { get; init; } = s => s;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
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
