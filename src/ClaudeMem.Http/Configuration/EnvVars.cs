namespace ClaudeMem.Http.Configuration;

/// <summary>Environment variable names, kept as the TypeScript server named them (the provider's are in GenerationEnvironment).</summary>
public static class EnvVars
{
    public const string Runtime = "CLAUDE_MEM_RUNTIME";
    public const string QueueEngine = "CLAUDE_MEM_QUEUE_ENGINE";
    public const string DatabaseUrl = "CLAUDE_MEM_SERVER_DATABASE_URL";
    public const string RedisUrl = "CLAUDE_MEM_REDIS_URL";
    public const string AuthMode = "CLAUDE_MEM_AUTH_MODE";
    public const string AllowLocalDevBypass = "CLAUDE_MEM_ALLOW_LOCAL_DEV_BYPASS";
    public const string GenerationDisabled = "CLAUDE_MEM_GENERATION_DISABLED";
    public const string SearchRum = "CLAUDE_MEM_SEARCH_RUM";
    public const string SearchConnections = "CLAUDE_MEM_SEARCH_CONNECTIONS";
    public const string Host = "CLAUDE_MEM_SERVER_HOST";
    public const string Port = "CLAUDE_MEM_SERVER_PORT";
    public const string QueuePrefix = "CLAUDE_MEM_QUEUE_PREFIX";
    public const string Docker = "CLAUDE_MEM_DOCKER";
    public const string PidFile = "CLAUDE_MEM_PID_FILE";
    public const string PublicUrl = "CLAUDE_MEM_PUBLIC_URL";
    public const string RateLimitPerMinute = "CLAUDE_MEM_RATE_LIMIT_PER_MIN";
    public const string MonthlyRequestCap = "CLAUDE_MEM_MONTHLY_REQUEST_CAP";
    public const string MonthlyTokenCap = "CLAUDE_MEM_MONTHLY_TOKEN_CAP";
    public const string MetricsPort = "CLAUDE_MEM_METRICS_PORT";
    public const string MetricsHost = "CLAUDE_MEM_METRICS_HOST";
    public const string LogFormat = "CLAUDE_MEM_LOG_FORMAT";
    public const string WorkerConcurrency = "CLAUDE_MEM_WORKER_CONCURRENCY";
    public const string WorkerLockMs = "CLAUDE_MEM_WORKER_LOCK_MS";
    public const string WorkerStalledIntervalMs = "CLAUDE_MEM_WORKER_STALLED_INTERVAL_MS";
}
