using System.Diagnostics;
using ClaudeMem.Events.Search;
using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Bench.Search;

/// <summary>
/// Fills the server's own search table the way its projection would (the same weighted vector
/// expression and the same index definitions), in bulk: COPY into a staging table, one
/// insert-select per core, then the indexes built two at a time.
/// </summary>
public static class Loader
{
    private const string Stage = "claude_mem.bench_stage";

    public static async Task LoadAsync(string connectionString, string teamId, IEnumerable<GeneratedRecord> records, bool withRum, Action<string> log)
    {
        var watch = Stopwatch.StartNew();
        var table = SearchRecordsTable.Define(withRum);
        await using (var connection = await OpenAsync(connectionString))
        {
            foreach (var index in table.Indexes)
                await ExecuteAsync(connection, $"drop index if exists claude_mem.{index.Name}");
            await ExecuteAsync(connection, $"""
                truncate {SearchRecordsTable.QualifiedName};
                drop table if exists {Stage};
                create unlogged table {Stage} (
                    n bigserial, id uuid, project_id text, session_id uuid, type text, title text, subtitle text, facts text,
                    narrative text, concepts text[], files_read text[], files_modified text[], created_at bigint, tokens text[])
                """);
            await using var writer = await connection.BeginBinaryImportAsync(
                $"copy {Stage} (id, project_id, session_id, type, title, subtitle, facts, narrative, concepts, files_read, files_modified, created_at, tokens) from stdin (format binary)");
            long count = 0;
            foreach (var r in records)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(r.ProjectId, NpgsqlDbType.Text);
                await writer.WriteAsync(r.SessionId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(r.Type, NpgsqlDbType.Text);
                await writer.WriteAsync(r.Title, NpgsqlDbType.Text);
                await writer.WriteAsync(r.Subtitle, NpgsqlDbType.Text);
                await writer.WriteAsync(r.Facts, NpgsqlDbType.Text);
                await writer.WriteAsync(r.Narrative, NpgsqlDbType.Text);
                await writer.WriteAsync(r.Concepts, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync(r.FilesRead, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync(r.FilesModified, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync(r.CreatedAtEpoch, NpgsqlDbType.Bigint);
                await writer.WriteAsync(FilterTokens.Of(SearchKinds.Observation, r.Type, r.Concepts, r.FilesRead.Concat(r.FilesModified)),
                    NpgsqlDbType.Array | NpgsqlDbType.Text);
                if (++count % 200_000 == 0) log($"  copied {count:N0} rows ({watch.Elapsed.TotalSeconds:0} s)");
            }
            await writer.CompleteAsync();
            log($"  copied {count:N0} rows in {watch.Elapsed.TotalSeconds:0} s");
        }

        // The same text the projection writes (SearchRecord.Body and UpsertArguments), in SQL.
        var body = "left(concat_ws(E'\\n', title, subtitle, facts, narrative, nullif(array_to_string(files_read || files_modified, ' '), '')), "
                   + SearchRecordsTable.MaxBodyChars + ")";
        var vector = SearchRecordsTable.Tsvector("title", "subtitle || E'\\n' || facts", "narrative",
            "array_to_string(concepts || files_read || files_modified, ' ')") + ", array_to_tsvector(tokens)";
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async part =>
        {
            await using var connection = await OpenAsync(connectionString);
            await ExecuteAsync(connection, $"""
                insert into {SearchRecordsTable.QualifiedName} ({SearchRecordsTable.InsertColumns})
                select id, '{teamId}', project_id, session_id, '{SearchKinds.Observation}', type, title, subtitle, concepts, files_read, files_modified,
                    created_at, {body}, {vector}
                from {Stage} where n % 2 = {part}
                """);
        }));
        log($"  projected the search rows ({watch.Elapsed.TotalSeconds:0} s)");

        var pending = new Queue<Weasel.Postgresql.Tables.IndexDefinition>(table.Indexes);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var connection = await OpenAsync(connectionString);
            await ExecuteAsync(connection, "set maintenance_work_mem = '1GB'");
            while (true)
            {
                Weasel.Postgresql.Tables.IndexDefinition index;
                lock (pending) { if (!pending.TryDequeue(out index!)) return; }
                var started = watch.Elapsed;
                await ExecuteAsync(connection, index.ToDDL(table));
                log($"  index {index.Name}: {(watch.Elapsed - started).TotalSeconds:0} s");
            }
        }));
        await using (var connection = await OpenAsync(connectionString))
        {
            await ExecuteAsync(connection, $"drop table {Stage}");
            await ExecuteAsync(connection, $"vacuum analyze {SearchRecordsTable.QualifiedName}");
        }
        log($"  loaded, indexed and analysed in {watch.Elapsed.TotalSeconds:0} s");
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
