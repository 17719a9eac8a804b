using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using ClaudeMem.Events;
using JasperFx;
using Npgsql;
using Wolverine.RDBMS;
using Wolverine.Runtime;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Migrates Wolverine's message tables only when what they should be has changed since the last migration.
/// Wolverine's own start-up migration reads the catalog of every one of its tables at every start even when nothing
/// changed: about 200 of a restart's 289 statements and 0.1-0.14 s of it (durable PostgreSQL 15 with default settings,
/// this 2-core machine; bench/startup restart medians 0.91-1.00 s before, 0.78-0.88 s after). This does what Marten's schema step does for
/// Marten's tables: a SHA-256 of the tables' DDL is stamped after a migration, and a start that finds its stamp
/// skips it. Wolverine is told not to migrate (<c>AutoBuildMessageStorageOnStartup = None</c>); it then only checks
/// that its tables exist. Registered before Wolverine's runtime, so it runs first.
/// </summary>
public sealed class MessageStorageProvisioning(IWolverineRuntime runtime, ILogger<MessageStorageProvisioning> logger) : IHostedService
{
    private const string StampTable = EventStoreRegistration.SchemaName + ".message_storage_stamps";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Storage is not MessageDatabase<NpgsqlConnection> database)
            throw new InvalidOperationException(
                $"Wolverine's message store is a {runtime.Storage.GetType().Name}, not its PostgreSQL database: " +
                "nothing would migrate it, since Wolverine's own start-up migration is turned off for this step");
        var fingerprint = FingerprintOf(database);
        if (await IsStampedAsync(database.DataSource, fingerprint, cancellationToken)) return;
        // Wolverine's migration, with its advisory lock against a second server migrating at the same moment; explicit
        // about creating and updating, since the store's own setting now says None.
        await database.MigrateAsync(AutoCreate.CreateOrUpdate);
        try
        {
            await StampAsync(database.DataSource, fingerprint, cancellationToken);
        }
        catch (PostgresException e)
        {
            // The migration succeeded; without the stamp the next start only migrates again, as before this step.
            logger.LogWarning("Wolverine's message tables are current, but their stamp could not be written ({Error}): the next start will compare them with the catalog again", e.MessageText);
        }
    }

    private static async Task StampAsync(DbDataSource dataSource, string fingerprint, CancellationToken ct)
    {
        await using (var table = dataSource.CreateCommand(
            $"create table if not exists {StampTable} (fingerprint text primary key, applied_at timestamptz not null default now())"))
        {
            // Two servers starting at once on an empty database: the loser of the race gets 23505 or 42P07.
            try { await table.ExecuteNonQueryAsync(ct); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable) { }
        }
        await using var stamp = dataSource.CreateCommand($"insert into {StampTable} (fingerprint) values ($1) on conflict do nothing");
        stamp.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        await stamp.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The DDL that would create every table, index and function, in a stable order, hashed.</summary>
    private static string FingerprintOf(MessageDatabase<NpgsqlConnection> database)
    {
        var ddl = new StringWriter();
        foreach (var schemaObject in database.AllObjects().OrderBy(o => o.Identifier.QualifiedName, StringComparer.Ordinal))
            schemaObject.WriteCreateStatement(database.Migrator, ddl);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ddl.ToString())));
    }

    private static async Task<bool> IsStampedAsync(DbDataSource dataSource, string fingerprint, CancellationToken ct)
    {
        await using var check = dataSource.CreateCommand($"select count(*) from {StampTable} where fingerprint = $1");
        check.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        try
        {
            return (long)(await check.ExecuteScalarAsync(ct))! > 0;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return false;
        }
    }
}
