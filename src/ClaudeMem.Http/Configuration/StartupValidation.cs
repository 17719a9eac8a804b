using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Providers;

namespace ClaudeMem.Http.Configuration;

/// <summary>
/// The boot rules (README, "Configuration"): every violated rule gives one line,
/// and the process refuses to start before anything listens.
/// </summary>
public static class StartupValidation
{
    public const string DockerMarkerFile = "/.dockerenv";

    public static ValidationOutcome Validate(IReadOnlyDictionary<string, string?> env, ProcessRole role, bool dockerMarkerExists)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        bool Flag(string name)
        {
            var value = Get(name);
            if (value is null) return false;
            if (value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (value is "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            errors.Add($"{name} must be true/false or 1/0, got '{value}'");
            return false;
        }

        var inDocker = dockerMarkerExists || Flag(EnvVars.Docker);
        var settings = new ServerSettings { InDocker = inDocker };

        var runtime = Get(EnvVars.Runtime);
        if (inDocker && runtime != RuntimeNames.ServerBeta)
            warnings.Add($"{EnvVars.Runtime} should be '{RuntimeNames.ServerBeta}' in Docker, got '{runtime ?? "(unset)"}'");

        var redisUrl = Get(EnvVars.RedisUrl);
        var engine = Get(EnvVars.QueueEngine) ?? (redisUrl is null ? QueueEngines.InProcess : QueueEngines.BullMq);
        if (engine is not (QueueEngines.BullMq or QueueEngines.InProcess))
            errors.Add($"{EnvVars.QueueEngine} must be '{QueueEngines.BullMq}' or '{QueueEngines.InProcess}', got '{engine}'");
        else if (engine == QueueEngines.InProcess && inDocker)
            errors.Add($"{EnvVars.QueueEngine}={QueueEngines.InProcess} is not allowed in Docker: use '{QueueEngines.BullMq}' with {EnvVars.RedisUrl}");

        var connectionString = DatabaseConnectionString(env, errors);

        if (engine == QueueEngines.BullMq)
        {
            if (redisUrl is null)
                errors.Add($"{EnvVars.RedisUrl} is required when {EnvVars.QueueEngine}={QueueEngines.BullMq}");
            else if (!redisUrl.StartsWith("redis://", StringComparison.Ordinal) && !redisUrl.StartsWith("rediss://", StringComparison.Ordinal))
                errors.Add($"{EnvVars.RedisUrl} must start with redis:// or rediss://, got '{redisUrl}'");
            else if (!Uri.TryCreate(redisUrl, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
                errors.Add($"{EnvVars.RedisUrl} is not a valid URL: '{redisUrl}'");
        }

        var authMode = Get(EnvVars.AuthMode) ?? AuthModes.ApiKey;
        if (authMode is not (AuthModes.ApiKey or AuthModes.LocalDev))
            errors.Add($"{EnvVars.AuthMode} must be '{AuthModes.ApiKey}' or '{AuthModes.LocalDev}', got '{authMode}'");
        else if (authMode == AuthModes.LocalDev && inDocker)
            errors.Add($"{EnvVars.AuthMode}={AuthModes.LocalDev} is not allowed in Docker: use '{AuthModes.ApiKey}'");

        var bypass = Flag(EnvVars.AllowLocalDevBypass);
        if (bypass && inDocker)
            errors.Add($"{EnvVars.AllowLocalDevBypass} must not be set in Docker");

        var generationDisabled = Flag(EnvVars.GenerationDisabled);
        // The worker exists to generate: it ignores an inherited disabled flag.
        if (role == ProcessRole.Worker) generationDisabled = false;

        // Generation settings are the Generation project's; here only when this process generates.
        var generates = role == ProcessRole.Worker || (!generationDisabled && engine == QueueEngines.InProcess);
        var generationEnv = new Dictionary<string, string?>(env);
        if (Get(GenerationEnvironment.Provider) is null)
        {
            if (inDocker && generates)
                errors.Add($"{GenerationEnvironment.Provider} is required in Docker: one of {string.Join(", ", ProviderNames.All)}");
            // Outside Docker the default is the offline provider: no key, no network.
            generationEnv[GenerationEnvironment.Provider] = ProviderNames.Offline;
        }
        else if (generates)
        {
            errors.AddRange(GenerationConfiguration.Parse(generationEnv).Errors);
        }
        var provider = generationEnv[GenerationEnvironment.Provider]!;
        // Parsed once, here; a process that does not generate keeps the offline default if its copy is unusable.
        var generation = GenerationConfiguration.Parse(generationEnv).Settings ?? GenerationConfiguration.Offline;

        // Off by default: ranking no longer orders by the RUM index, and its bitmap scans are slower than GIN's.
        var searchRum = Flag(EnvVars.SearchRum);

        var host = Get(EnvVars.Host) ?? ServerSettings.DefaultHost;
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            errors.Add($"{EnvVars.Host} is not a valid host name or address: '{host}'");
        var port = ServerSettings.DefaultPort;
        var portText = Get(EnvVars.Port);
        if (portText is not null && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            errors.Add($"{EnvVars.Port} must be a port number 1-65535, got '{portText}'");

        var prefix = Get(EnvVars.QueuePrefix) ?? ServerSettings.DefaultQueuePrefix;
        if (prefix.Any(char.IsWhiteSpace) || prefix.Contains(':') || prefix.Contains('{') || prefix.Contains('}'))
            errors.Add($"{EnvVars.QueuePrefix} must not contain whitespace, ':', '{{' or '}}', got '{prefix}'");

        Uri? publicUrl = null;
        if (Get(EnvVars.PublicUrl) is { } publicText
            && (!Uri.TryCreate(publicText, UriKind.Absolute, out publicUrl) || publicUrl.Scheme is not ("http" or "https")))
            errors.Add($"{EnvVars.PublicUrl} must be an absolute http:// or https:// URL, got '{publicText}'");

        long? Positive(string name, long max)
        {
            var text = Get(name);
            if (text is null) return null;
            if (long.TryParse(text, out var value) && value >= 1 && value <= max) return value;
            errors.Add($"{name} must be a whole number 1..{max}, got '{text}'");
            return null;
        }
        var rateLimit = (int?)Positive(EnvVars.RateLimitPerMinute, 1_000_000);
        var requestCap = Positive(EnvVars.MonthlyRequestCap, long.MaxValue);
        var tokenCap = Positive(EnvVars.MonthlyTokenCap, long.MaxValue);
        var searchConnections = (int?)Positive(EnvVars.SearchConnections, 1000) ?? settings.SearchConnections;

        var metricsPort = (int?)Positive(EnvVars.MetricsPort, 65535);
        var metricsHost = Get(EnvVars.MetricsHost) ?? ServerSettings.DefaultHost;
        if (Uri.CheckHostName(metricsHost) == UriHostNameType.Unknown)
            errors.Add($"{EnvVars.MetricsHost} is not a valid host name or address: '{metricsHost}'");
        var logFormat = Get(EnvVars.LogFormat) ?? LogFormats.Text;
        if (logFormat is not (LogFormats.Text or LogFormats.Json))
            errors.Add($"{EnvVars.LogFormat} must be '{LogFormats.Text}' or '{LogFormats.Json}', got '{logFormat}'");

        var worker = role == ProcessRole.Worker ? WorkerRules(Get, errors) : new WorkerSettings();
        var pidFile = ServerSettings.DefaultPidFile;
        if (Get(EnvVars.PidFile) is { } pidText)
        {
            try { pidFile = Path.GetFullPath(pidText); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                errors.Add($"{EnvVars.PidFile} is not a usable path: '{pidText}'");
            }
        }

        return new ValidationOutcome(settings with
        {
            Runtime = runtime,
            QueueEngine = engine,
            DatabaseConnectionString = connectionString,
            RedisUrl = redisUrl,
            AuthMode = authMode,
            AllowLocalDevBypass = bypass,
            GenerationDisabled = generationDisabled,
            Provider = provider,
            Generation = generation,
            Worker = worker,
            PidFile = pidFile,
            Host = host,
            Port = port,
            QueuePrefix = prefix,
            SearchRum = searchRum,
            SearchConnections = searchConnections,
            PublicUrl = publicUrl,
            RateLimitPerMinute = rateLimit,
            MonthlyRequestCap = requestCap,
            MonthlyTokenCap = tokenCap,
            MetricsPort = metricsPort,
            MetricsHost = metricsHost,
            LogFormat = logFormat,
        }, errors, warnings);
    }

    /// <summary>The one database rule, also all that the administration verbs need.</summary>
    public static string DatabaseConnectionString(IReadOnlyDictionary<string, string?> env, List<string> errors)
    {
        var databaseUrl = env.TryGetValue(EnvVars.DatabaseUrl, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        if (databaseUrl is null)
        {
            errors.Add($"{EnvVars.DatabaseUrl} is required (a postgres:// URL or an Npgsql connection string)");
            return "";
        }
        try { return ServerSettings.ToConnectionString(databaseUrl); }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException)
        {
            errors.Add($"{EnvVars.DatabaseUrl} is not a valid PostgreSQL URL or connection string: {e.Message}");
            return "";
        }
    }

    private static WorkerSettings WorkerRules(Func<string, string?> get, List<string> errors)
    {
        var worker = new WorkerSettings();
        var concurrencyText = get(EnvVars.WorkerConcurrency);
        if (concurrencyText is not null)
        {
            if (int.TryParse(concurrencyText, out var concurrency) && concurrency is >= 1 and <= WorkerSettings.MaxConcurrency)
                worker = worker with { Concurrency = concurrency };
            else errors.Add($"{EnvVars.WorkerConcurrency} must be 1..{WorkerSettings.MaxConcurrency}, got '{concurrencyText}'");
        }
        TimeSpan Milliseconds(string name, TimeSpan fallback)
        {
            var text = get(name);
            if (text is null) return fallback;
            if (int.TryParse(text, out var ms) && ms is >= WorkerSettings.MinMilliseconds and <= WorkerSettings.MaxMilliseconds)
                return TimeSpan.FromMilliseconds(ms);
            errors.Add($"{name} must be {WorkerSettings.MinMilliseconds}..{WorkerSettings.MaxMilliseconds} milliseconds, got '{text}'");
            return fallback;
        }
        return worker with
        {
            LockDuration = Milliseconds(EnvVars.WorkerLockMs, WorkerSettings.DefaultLockDuration),
            StalledInterval = Milliseconds(EnvVars.WorkerStalledIntervalMs, WorkerSettings.DefaultStalledInterval),
        };
    }

    /// <summary>The only place that reads the process environment; everything else takes <see cref="ServerSettings"/>.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
}
