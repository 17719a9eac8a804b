using System.Text;
using ClaudeMem.Events.Access;
using ClaudeMem.Testing;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Events.Tests;

/// <summary>
/// The guard's idea of what PostgreSQL refuses to bind, checked against PostgreSQL itself, and the guard at work
/// in the store the server and the workers use (auto-prepared statements).
/// </summary>
public class UnbindableValueGuardTests
{
    public static TheoryData<string, bool> JsonSamples => new()
    {
        { """{"a":"plain"}""", true },
        { """{"a":"x\u0000y"}""", false },
        { """{"a":"x\\u0000y"}""", true },          // an escaped backslash, then the letters u0000
        { """{"a":"x\\\u0000y"}""", false },        // an escaped backslash, then a real \u0000
        { """{"a":"\ud83d\ude00"}""", true },       // an emoji as its surrogate pair
        { """{"a":"\uD83D\uDE00"}""", true },
        { """{"a":"x\ud83dy"}""", false },          // a high surrogate alone
        { """{"a":"x\ude00y"}""", false },          // a low surrogate alone
        { """{"a":"\ude00\ud83d"}""", false },      // the halves the wrong way round
        { """{"a":"\u2400 and \u0041"}""", true },
        { """["\u0000"]""", false },
        { """["\u00g1"]""", false },                // not four hex digits
        { """["\\u00g1"]""", true },               // an escaped backslash, then text
    };

    [Theory]
    [MemberData(nameof(JsonSamples))]
    public async Task The_guard_refuses_exactly_the_jsonb_PostgreSQL_refuses(string json, bool storable)
    {
        Assert.Equal(storable, UnbindableValueGuard.Problem(json, json: true) is null);
        Assert.Equal(storable, UnbindableValueGuard.Problem(Encoding.UTF8.GetBytes(json)) is null); // as Marten sends documents
        Assert.Equal(storable, await PostgresBindsAsync(json, NpgsqlDbType.Jsonb));
    }

    [Theory]
    [InlineData("plain", true)]
    [InlineData("a\0b", false)]
    [InlineData("literal \\u0000 in text is fine", true)]
    public async Task The_guard_refuses_exactly_the_text_PostgreSQL_refuses(string text, bool storable)
    {
        Assert.Equal(storable, UnbindableValueGuard.Problem(text, json: false) is null);
        Assert.Equal(storable, await PostgresBindsAsync(text, NpgsqlDbType.Text));
    }

    private static async Task<bool> PostgresBindsAsync(string value, NpgsqlDbType type)
    {
        await using var connection = new NpgsqlConnection((await SharedServers.PostgresAsync()).ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select $1", connection) { Parameters = { new() { Value = value, NpgsqlDbType = type } } };
        return await Record.ExceptionAsync(() => command.ExecuteScalarAsync()) is null;
    }

    [Fact]
    public async Task Marten_statements_with_unbindable_values_are_refused_and_the_connection_stays_usable()
    {
        // One pooled connection, preparing on first use: every statement below runs on it, being prepared.
        var database = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 1 }.ConnectionString;
        await using var store = DocumentStore.For(opts => EventStoreRegistration.ConfigureStore(opts, connectionString, withRum: false));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        for (var round = 0; round < 8; round++)
        {
            var text = await Assert.ThrowsAnyAsync<Exception>(() => KeysNamedAsync(store, $"a\0{round}"));
            Assert.Contains("NUL character", Root<UnbindableValueException>(text)?.Message);

            await using (var session = store.LightweightSession())
            {
                session.Store(Key($"b\0{round}"));
                var json = await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
                Assert.True(Root<UnbindableValueException>(json) is not null, json.ToString());
            }

            await using (var session = store.LightweightSession())
            {
                session.Events.StartStream(Guid.NewGuid(), new Noted($"c\0{round}"));
                var appended = await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());
                Assert.True(Root<UnbindableValueException>(appended) is not null, appended.ToString());
            }

            await using (var session = store.LightweightSession())
            {
                session.Events.StartStream(Guid.NewGuid(), new Noted($"good {round}"));
                session.Store(Key($"good {round}"));
                await session.SaveChangesAsync();
            }
            Assert.Single(await KeysNamedAsync(store, $"good {round}"));
        }
    }

    public sealed record Noted(string Text);

    private static ApiKey Key(string name) => new() { Id = Guid.NewGuid().ToString("N"), Name = name, KeyHash = Guid.NewGuid().ToString("N"), TeamId = "t" };

    private static async Task<IReadOnlyList<ApiKey>> KeysNamedAsync(IDocumentStore store, string name)
    {
        await using var query = store.QuerySession();
        return await query.Query<ApiKey>().Where(k => k.Name == name).ToListAsync();
    }

    private static T? Root<T>(Exception error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}
