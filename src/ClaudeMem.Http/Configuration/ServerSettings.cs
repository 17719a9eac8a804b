using ClaudeMem.Events.Generation;
using Npgsql;

namespace ClaudeMem.Http.Configuration;

/// <summary>Everything the host reads from its environment, parsed once and validated by <see cref="StartupValidation"/>.</summary>
public sealed record ServerSettings
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 37877;
    public const string DefaultQueuePrefix = "claude-mem";

    public string? Runtime { get; init; }
    public string QueueEngine { get; init; } = QueueEngines.InProcess;
    public string DatabaseConnectionString { get; init; } = "";
    public string? RedisUrl { get; init; }
    public string AuthMode { get; init; } = AuthModes.ApiKey;
    public bool AllowLocalDevBypass { get; init; }
    public bool GenerationDisabled { get; init; }
    public string Provider { get; init; } = global::ClaudeMem.Generation.Providers.ProviderNames.Offline;

    /// <summary>The provider, its endpoint and key, and the prompt budgets; validated when this process generates.</summary>
    public global::ClaudeMem.Generation.Providers.GenerationSettings Generation { get; init; } = global::ClaudeMem.Generation.Providers.GenerationConfiguration.Offline;

    /// <summary>The worker process's own settings (<c>server worker start</c>).</summary>
    public WorkerSettings Worker { get; init; } = new();

    /// <summary>Where the foreground server writes its pid (absolute).</summary>
    public string PidFile { get; init; } = DefaultPidFile;

    public static string DefaultPidFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude-mem", "server.pid");
    public string Host { get; init; } = DefaultHost;
    public int Port { get; init; } = DefaultPort;
    public string QueuePrefix { get; init; } = DefaultQueuePrefix;
    public bool InDocker { get; init; }

    /// <summary>The address clients reach this server at (behind a proxy, not the bind address); null: the request's own.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Requests per key and minute, counted in PostgreSQL across every server process; null: no limit.</summary>
    public int? RateLimitPerMinute { get; init; }

    /// <summary>Requests per team and calendar month (UTC); null: no cap.</summary>
    public long? MonthlyRequestCap { get; init; }

    /// <summary>Provider tokens per team and calendar month (UTC); null: no cap.</summary>
    public long? MonthlyTokenCap { get; init; }

    /// <summary>The worker's Prometheus port (it has no HTTP listener); null: the worker exports no metrics.</summary>
    public int? MetricsPort { get; init; }
    public string MetricsHost { get; init; } = DefaultHost;

    /// <summary>Console logs as text or as one JSON object per line.</summary>
    public string LogFormat { get; init; } = LogFormats.Text;

    /// <summary>
    /// Also build the RUM index when PostgreSQL has the extension. Off by default: search ranks the
    /// newest matches (time windows) and no longer orders by RUM, whose bitmap scans are slower than GIN's.
    /// </summary>
    public bool SearchRum { get; init; }

    /// <summary>
    /// How many reads of the search table (search, timeline, context) run in PostgreSQL at once; the rest wait their
    /// turn in order. See <see cref="ClaudeMem.Events.Search.SearchQueries.DataSource"/> for why; default: this machine's cores.
    /// </summary>
    public int SearchConnections { get; init; } = DefaultSearchConnections;

    public static int DefaultSearchConnections => Math.Max(2, Environment.ProcessorCount);

    /// <summary>How often a wait=true request re-reads its job in case a NOTIFY was lost (not an environment setting; tests lengthen it to prove the NOTIFY wakes).</summary>
    public TimeSpan JobWaitRecheck { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often jobs left waiting for dispatch are looked for (not an environment setting; tests shorten it).</summary>
    public TimeSpan DispatchSweepInterval { get; init; } = TimeSpan.FromSeconds(15);

    public bool LocalDevBypassActive => AuthMode == AuthModes.LocalDev && AllowLocalDevBypass;

    /// <summary>Accepts a libpq URL (postgres://user:pass@host:port/db?sslmode=...) or an Npgsql connection string.</summary>
    public static string ToConnectionString(string databaseUrl) => Parse(databaseUrl).ConnectionString;

    private static NpgsqlConnectionStringBuilder Parse(string databaseUrl)
    {
        if (!databaseUrl.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !databaseUrl.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(databaseUrl);
        }

        var uri = new Uri(databaseUrl);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
            if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) && kv.Length == 2)
                builder.SslMode = Enum.Parse<SslMode>(Uri.UnescapeDataString(kv[1]).Replace("-", ""), ignoreCase: true);
        }
        return builder;
    }
}
