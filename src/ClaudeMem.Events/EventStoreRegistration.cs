using ClaudeMem.Events.Access;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Search;
using ClaudeMem.Events.Sessions;
using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using Polly;
using Microsoft.Extensions.DependencyInjection;
using Weasel.Core;
using Weasel.Postgresql;

namespace ClaudeMem.Events;

public static class EventStoreRegistration
{
    public const string SchemaName = "claude_mem";

    /// <summary>Bumped whenever the shape of events or read models changes; reported by /v1/info.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Statements each pooled connection keeps prepared; a request uses about ten, the routes together a few dozen.</summary>
    private const int MaxAutoPrepared = 100;

    /// <param name="useRum">Rank with the RUM index when the extension can be used (off: the stock GIN path).</param>
    /// <param name="runAsyncDaemon">The HTTP server runs the async daemon, which feeds the event subscriptions (the requeue dispatch); generation workers only append.</param>
    /// <param name="searchConnections">At most this many search-table reads in PostgreSQL at once (<see cref="SearchQueries.DataSource"/>).</param>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddClaudeMemEvents(
        this IServiceCollection services, string connectionString, int searchConnections, bool runAsyncDaemon = true, bool useRum = false)
    {
        var withRum = useRum && SearchCapabilities.RumAvailable(connectionString);
        services.AddSingleton(new SearchQueries(SearchQueries.DataSource(connectionString, searchConnections), withRum));
        var marten = services.AddMarten(opts => ConfigureStore(opts, connectionString, withRum));
        return runAsyncDaemon ? marten.AddAsyncDaemon(DaemonMode.HotCold) : marten;
    }

    /// <summary>The store: every read model is an inline projection, so tools that only read and write documents need nothing else.</summary>
    /// <param name="withRum">Whether the search table carries the RUM index; see <see cref="SearchCapabilities"/>.</param>
    public static void ConfigureStore(StoreOptions opts, string connectionString, bool withRum)
    {
        // Automatic preparation: a statement used 5 times on a connection is prepared there, so PostgreSQL parses and
        // plans it once per connection instead of on every request (PostgreSQL CPU per POST /v1/events -35 to -40% in
        // alternating runs of 3,000 events on durable PostgreSQL). Npgsql leaves a connection out of step when the Bind
        // of a statement being prepared fails (a NUL in text, a \u0000 escape in jsonb): UnbindableValueGuard refuses
        // those values before they are sent. PoolSafetyTests holds both to account.
        // No reset when a connection goes back to the pool: Npgsql's DISCARD ALL at each of the ~4 checkouts
        // of a POST /v1/events also threw away the plans PL/pgSQL caches for mt_quick_append_events (0.53 ->
        // 0.24 ms a call, two calls an event). Alternating 300-request runs on durable PostgreSQL: latency
        // 8.0 -> 6.2 ms, about 1 ms less PostgreSQL CPU per event. Safe because nothing here leaves session
        // state on a pooled connection: no SET (our statements carry none), LISTEN runs on JobWaiter's own
        // connection string (another pool), Marten's append locks are transaction-level
        // (UseAdvisoryLockTransaction), and the daemon's and Wolverine's leader locks live on connections they
        // hold for the process's life and unlock explicitly. A transaction left open is still rolled back on
        // return, and a cancelled command still breaks its connection, which the pool drops (PoolSafetyTests).
        opts.Connection(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepared, NoResetOnClose = true }.ConnectionString);
        opts.Logger(new UnbindableValueGuard());
        // Reads retry only what can succeed on a second try (a dropped connection, a server
        // restarting); the default retried every NpgsqlException, data errors included, 350 ms for nothing.
        opts.ConfigurePolly(retry => retry.AddRetry(new()
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
        }));
        opts.DatabaseSchemaName = SchemaName;
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        // Start-up's schema check compared every table, index and function with the catalog on every start. With a
        // fingerprint, a full apply that succeeded stamps the SHA-256 of the expected DDL into
        // public.weasel_schema_fingerprints (Weasel keeps it in its default schema), and a later start whose expected
        // DDL hashes the same skips the comparison with one SELECT. Any change to the configured schema (a new index,
        // table or column) changes the hash, so an upgraded server still migrates, then stamps anew. A database
        // changed by hand is trusted while its stamp matches (as with any skipped migration): `claude-mem db-assert`
        // still compares, and deleting the stamp rows forces the full comparison at the next start. Concurrent
        // starts re-check the stamp under Weasel's migration lock, but two stores applying the same new DDL at once
        // were seen to both run it (42P07 "already exists") with or without the stamp. SchemaStampTests holds these.
        opts.Advanced.Migrator.UseSchemaFingerprinting = true;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        // Required with the DistributedLock redirect: without it the async daemon fails only in the logs
        // and the event subscriptions never run (JobLifecycleTests' CLI retry, dispatched by one, then times out).
        opts.Events.UseAdvisoryLockTransaction = true;

        opts.Projections.Snapshot<SessionView>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<AgentEventView>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<MemoryView>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<GenerationJobView>(SnapshotLifecycle.Inline);
        opts.Projections.Add<GeneratedResultsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<SearchRecordsProjection>(ProjectionLifecycle.Inline);
        opts.Storage.ExtendedSchemaObjects.Add(new Extension("pg_trgm"));
        if (withRum) opts.Storage.ExtendedSchemaObjects.Add(new Extension(SearchCapabilities.RumExtension));
        // The table's phrase_tokens column and trigram index are computed by these functions: they exist before it.
        opts.Storage.ExtendedSchemaObjects.Add(SearchRecordsTable.WordPairs());
        opts.Storage.ExtendedSchemaObjects.Add(SearchRecordsTable.WeekTokens());
        opts.Storage.ExtendedSchemaObjects.Add(SearchRecordsTable.PhraseTokens());
        opts.Storage.ExtendedSchemaObjects.Add(SearchRecordsTable.PhrasePairs());
        opts.Storage.ExtendedSchemaObjects.Add(SearchRecordsTable.Define(withRum));
        opts.Storage.ExtendedSchemaObjects.AddRange(Usage.UsageTables.Define());

        opts.Schema.For<SessionView>().Index(x => x.TeamId).Index(x => x.ProjectId).Index(x => x.ContentSessionId);
        opts.Schema.For<AgentEventView>().Index(x => x.SessionId).Index(x => x.ProjectId);
        opts.Schema.For<MemoryView>().Index(x => x.ProjectId);
        // Status first, then age: the dispatch sweeper reads the oldest queued jobs in index order, where a status-only
        // index read and sorted every queued job (70-90 ms a sweep with a backlog of 26,700, linear in the backlog).
        opts.Schema.For<GenerationJobView>().Index([x => x.Status, x => x.UpdatedAtEpoch]).Index(x => x.TeamId).Index(x => x.SourceId);
        opts.Schema.For<ObservationView>().Index(x => x.ProjectId).Index(x => x.SourceEventId).Index(x => x.CreatedAtEpoch);
        opts.Schema.For<SummaryView>().Index(x => x.ProjectId).Index(x => x.CreatedAtEpoch);
        opts.Schema.For<ApiKey>().UniqueIndex(x => x.KeyHash);
        opts.Schema.For<AuditEntry>().Index(x => x.AtEpoch);
    }
}
