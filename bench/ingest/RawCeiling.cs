using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// The PostgreSQL ceiling: what storing one event costs with nothing in between. Per operation,
/// one transaction holding one row in an append-only events table (the event, its JSON body as
/// jsonb) and one jsonb document row (the read model), the shape of what one event writes in
/// Marten (mt_events + the inline AgentEventView snapshot). Both inserts go in one batch inside
/// the transaction: BEGIN rides along with the batch, COMMIT is a second round trip.
/// </summary>
public sealed class RawCeiling : IAsyncDisposable
{
    private const string Schema = """
        create table raw_events (
            seq_id bigint generated always as identity primary key,
            id uuid not null unique,
            stream_id uuid not null,
            type text not null,
            data jsonb not null,
            recorded_at timestamptz not null default now());
        create table raw_docs (
            id uuid primary key,
            data jsonb not null,
            last_modified timestamptz not null default now());
        """;

    private readonly NpgsqlDataSource _dataSource;

    private RawCeiling(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public static async Task<RawCeiling> CreateAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync();
        return new RawCeiling(dataSource);
    }

    public async Task<string?> InsertAsync(long sequence, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var body = EventBodies.Body(sequence);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("insert into raw_events (id, stream_id, type, data) values ($1, $1, 'agent_event_recorded', $2)", id, body),
                Command("insert into raw_docs (id, data) values ($1, $2)", id, body),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    private static NpgsqlBatchCommand Command(string sql, Guid id, string json) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter<Guid> { TypedValue = id },
            new NpgsqlParameter<string> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb },
        },
    };

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
