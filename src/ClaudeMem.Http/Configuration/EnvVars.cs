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
    public const string Host = "CLAUDE_MEM_SERVER_HOST";
    public const string Port = "CLAUDE_MEM_SERVER_PORT";
    public const string QueuePrefix = "CLAUDE_MEM_QUEUE_PREFIX";
    public const string Docker = "CLAUDE_MEM_DOCKER";
    public const string PidFile = "CLAUDE_MEM_PID_FILE";
}

public static class RuntimeNames
{
    public const string ServerBeta = "server-beta";
}

public static class QueueEngines
{
    public const string BullMq = "bullmq";
    public const string InProcess = "in-process";
}

public static class AuthModes
{
    public const string ApiKey = "api-key";
    public const string LocalDev = "local-dev";
}
