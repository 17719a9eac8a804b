using ClaudeMem.Testing;
using Npgsql;

namespace ClaudeMem.Events.Tests;

public class HarnessTests
{
    [Fact]
    public async Task Postgres_starts_on_loopback_and_serves_a_fresh_database()
    {
        var server = await SharedServers.PostgresAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_database()", connection);
        Assert.StartsWith("db_", (string)(await command.ExecuteScalarAsync())!);
    }
}
