using ClaudeMem.Generation.Providers;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests;

public class StartupValidationTests
{
    private const string Db = "postgres://u:p@127.0.0.1:5432/mem";
    private const string Redis = "redis://127.0.0.1:6379";

    private static Dictionary<string, string?> ValidDocker() => new()
    {
        [EnvVars.Docker] = "1",
        [EnvVars.Runtime] = RuntimeNames.ServerBeta,
        [EnvVars.QueueEngine] = QueueEngines.BullMq,
        [EnvVars.DatabaseUrl] = Db,
        [EnvVars.RedisUrl] = Redis,
        [EnvVars.AuthMode] = AuthModes.ApiKey,
        [GenerationEnvironment.Provider] = ProviderNames.Offline,
    };

    private static ValidationOutcome Validate(Dictionary<string, string?> env, ProcessRole role = ProcessRole.Server, bool marker = false) =>
        StartupValidation.Validate(env, role, marker);

    private static void AssertOneError(ValidationOutcome outcome, string mentions)
    {
        var error = Assert.Single(outcome.Errors);
        Assert.Contains(mentions, error);
    }

    [Fact]
    public void A_complete_docker_configuration_is_valid()
    {
        var outcome = Validate(ValidDocker());
        Assert.True(outcome.IsValid, string.Join("; ", outcome.Errors));
        Assert.Empty(outcome.Warnings);
        Assert.Equal("Host=127.0.0.1;Port=5432;Database=mem;Username=u;Password=p", outcome.Settings.DatabaseConnectionString);
        Assert.Equal(("127.0.0.1", 37877, "claude-mem"), (outcome.Settings.Host, outcome.Settings.Port, outcome.Settings.QueuePrefix));
    }

    [Fact]
    public void Runtime_other_than_server_beta_in_docker_warns_but_boots()
    {
        var env = ValidDocker();
        env[EnvVars.Runtime] = "legacy";
        var outcome = Validate(env);
        Assert.True(outcome.IsValid);
        Assert.Contains(EnvVars.Runtime, Assert.Single(outcome.Warnings));
        env.Remove(EnvVars.Docker);
        env[EnvVars.QueueEngine] = QueueEngines.BullMq;
        Assert.Empty(Validate(env).Warnings);
    }

    [Fact]
    public void Docker_is_detected_by_the_marker_file_as_well_as_the_variable()
    {
        var env = ValidDocker();
        env.Remove(EnvVars.Docker);
        env[EnvVars.AuthMode] = AuthModes.LocalDev;
        Assert.True(Validate(env, marker: false).IsValid);
        AssertOneError(Validate(env, marker: true), EnvVars.AuthMode);
    }

    [Theory]
    [InlineData("kafka", "must be 'bullmq' or 'in-process'")]
    [InlineData("in-process", "not allowed in Docker")]
    public void Queue_engine_must_be_known_and_not_in_process_in_docker(string engine, string message)
    {
        var env = ValidDocker();
        env[EnvVars.QueueEngine] = engine;
        AssertOneError(Validate(env), message);
    }

    [Fact]
    public void In_process_engine_is_allowed_outside_docker()
    {
        var env = new Dictionary<string, string?> { [EnvVars.DatabaseUrl] = Db, [EnvVars.QueueEngine] = QueueEngines.InProcess };
        Assert.True(Validate(env).IsValid);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("postgres://host:notaport/db", "not a valid")]
    [InlineData("Host=127.0.0.1;Bogus Key=1", "not a valid")]
    public void Database_url_is_always_required_and_must_parse(string? url, string message)
    {
        var env = ValidDocker();
        env[EnvVars.DatabaseUrl] = url;
        AssertOneError(Validate(env), message);
    }

    [Theory]
    [InlineData(null, "is required when")]
    [InlineData("http://127.0.0.1:6379", "must start with redis://")]
    [InlineData("127.0.0.1:6379", "must start with redis://")]
    public void Redis_url_is_required_with_bullmq(string? url, string message)
    {
        var env = ValidDocker();
        env[EnvVars.RedisUrl] = url;
        AssertOneError(Validate(env), message);
    }

    [Fact]
    public void Rediss_urls_are_accepted()
    {
        var env = ValidDocker();
        env[EnvVars.RedisUrl] = "rediss://user:secret@cache.internal:6380";
        Assert.True(Validate(env).IsValid);
    }

    [Theory]
    [InlineData("oauth", "must be 'api-key' or 'local-dev'")]
    [InlineData("local-dev", "not allowed in Docker")]
    public void Auth_mode_must_be_known_and_never_local_dev_in_docker(string mode, string message)
    {
        var env = ValidDocker();
        env[EnvVars.AuthMode] = mode;
        AssertOneError(Validate(env), message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Local_dev_bypass_flag_is_refused_in_docker(string value)
    {
        var env = ValidDocker();
        env[EnvVars.AllowLocalDevBypass] = value;
        AssertOneError(Validate(env), EnvVars.AllowLocalDevBypass);
    }

    [Fact]
    public void Local_dev_bypass_outside_docker_is_accepted_and_active_only_with_local_dev_mode()
    {
        var env = new Dictionary<string, string?> { [EnvVars.DatabaseUrl] = Db, [EnvVars.AllowLocalDevBypass] = "true" };
        Assert.False(Validate(env).Settings.LocalDevBypassActive);
        env[EnvVars.AuthMode] = AuthModes.LocalDev;
        Assert.True(Validate(env).Settings.LocalDevBypassActive);
    }

    [Fact]
    public void Generation_disabled_must_be_a_boolean_and_the_worker_ignores_it()
    {
        var env = ValidDocker();
        env[EnvVars.GenerationDisabled] = "sometimes";
        AssertOneError(Validate(env), EnvVars.GenerationDisabled);
        env[EnvVars.GenerationDisabled] = "true";
        Assert.True(Validate(env).Settings.GenerationDisabled);
        Assert.False(Validate(env, ProcessRole.Worker).Settings.GenerationDisabled);
    }

    [Theory]
    [InlineData("claude", GenerationEnvironment.AnthropicApiKey)]
    [InlineData("gemini", GenerationEnvironment.GeminiApiKey)]
    [InlineData("openrouter", GenerationEnvironment.OpenRouterApiKey)]
    public void The_worker_needs_its_providers_key(string provider, string keyVariable)
    {
        var env = ValidDocker();
        env[GenerationEnvironment.Provider] = provider;
        AssertOneError(Validate(env, ProcessRole.Worker), keyVariable);
        env[keyVariable] = "sk-test";
        Assert.True(Validate(env, ProcessRole.Worker).IsValid);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    [InlineData("1001")]
    public void Search_connections_must_be_a_whole_number_from_1_to_1000(string value)
    {
        var env = ValidDocker();
        Assert.Equal(ServerSettings.DefaultSearchConnections, Validate(env).Settings.SearchConnections);
        env[EnvVars.SearchConnections] = value;
        AssertOneError(Validate(env), EnvVars.SearchConnections);
        env[EnvVars.SearchConnections] = "6";
        Assert.Equal(6, Validate(env).Settings.SearchConnections);
    }

    [Fact]
    public void An_http_server_with_generation_disabled_needs_no_provider_key()
    {
        var env = ValidDocker();
        env[GenerationEnvironment.Provider] = ProviderNames.Claude;
        env[EnvVars.GenerationDisabled] = "true";
        Assert.True(Validate(env, ProcessRole.Server).IsValid);
    }

    [Fact]
    public void Unknown_provider_is_refused_and_docker_workers_must_name_one()
    {
        var env = ValidDocker();
        env[GenerationEnvironment.Provider] = "gpt-local";
        AssertOneError(Validate(env, ProcessRole.Worker), "is not supported");
        env[GenerationEnvironment.Provider] = null;
        AssertOneError(Validate(env, ProcessRole.Worker), "is required in Docker");
    }

    [Theory]
    [InlineData(EnvVars.Port, "0")]
    [InlineData(EnvVars.Port, "70000")]
    [InlineData(EnvVars.Port, "http")]
    [InlineData(EnvVars.Host, "not a host!")]
    public void Host_and_port_must_be_valid(string variable, string value)
    {
        var env = ValidDocker();
        env[variable] = value;
        AssertOneError(Validate(env), variable);
    }

    [Fact]
    public void Queue_prefix_is_fixed_by_default_and_validated()
    {
        var env = ValidDocker();
        Assert.Equal(ServerSettings.DefaultQueuePrefix, Validate(env).Settings.QueuePrefix);
        env[EnvVars.QueuePrefix] = "team:a";
        AssertOneError(Validate(env), EnvVars.QueuePrefix);
        env[EnvVars.QueuePrefix] = "shared-prod";
        Assert.Equal("shared-prod", Validate(env).Settings.QueuePrefix);
    }

    [Fact]
    public void Every_violation_is_reported_not_just_the_first()
    {
        var env = new Dictionary<string, string?> { [EnvVars.Docker] = "1", [EnvVars.AuthMode] = AuthModes.LocalDev, [EnvVars.QueueEngine] = QueueEngines.InProcess };
        var outcome = Validate(env);
        Assert.Equal(4, outcome.Errors.Count); // engine, database, auth mode, provider
    }

    [Fact]
    public void Worker_settings_are_validated_with_the_rest_one_line_each()
    {
        var env = ValidDocker();
        env[EnvVars.WorkerConcurrency] = "0";
        env[EnvVars.WorkerLockMs] = "soon";
        env[EnvVars.WorkerStalledIntervalMs] = "100";
        env[EnvVars.Port] = "0";
        var outcome = Validate(env, ProcessRole.Worker);
        Assert.Equal(4, outcome.Errors.Count);
        foreach (var variable in new[] { EnvVars.WorkerConcurrency, EnvVars.WorkerLockMs, EnvVars.WorkerStalledIntervalMs, EnvVars.Port })
            Assert.Single(outcome.Errors, e => e.StartsWith(variable, StringComparison.Ordinal));
    }

    [Fact]
    public void Worker_prompt_and_pid_file_settings_are_read_once_into_the_settings()
    {
        var env = ValidDocker();
        env[EnvVars.WorkerConcurrency] = "8";
        env[EnvVars.WorkerLockMs] = "2000";
        env[EnvVars.WorkerStalledIntervalMs] = "1000";
        env[GenerationEnvironment.PromptTotalChars] = "1000";
        env[GenerationEnvironment.PromptPayloadChars] = "300";
        env[EnvVars.PidFile] = "run/server.pid";
        var outcome = Validate(env, ProcessRole.Worker);
        Assert.Empty(outcome.Errors);
        var settings = outcome.Settings;
        Assert.Equal(new WorkerSettings { Concurrency = 8, LockDuration = TimeSpan.FromSeconds(2), StalledInterval = TimeSpan.FromSeconds(1) }, settings.Worker);
        Assert.Equal(new ClaudeMem.Generation.Prompts.PromptOptions(PayloadCharBudget: 300, TotalCharBudget: 1000), settings.Generation.Prompt);
        Assert.Equal(Path.GetFullPath("run/server.pid"), settings.PidFile);
    }
}

public class OperatorSettingsValidationTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        [EnvVars.DatabaseUrl] = "postgres://u:p@127.0.0.1:5432/mem",
    };

    [Theory]
    [InlineData("mem.example.org")]
    [InlineData("ftp://mem.example.org")]
    public void A_public_url_must_be_absolute_http(string value)
    {
        var env = Valid();
        env[EnvVars.PublicUrl] = value;
        var outcome = StartupValidation.Validate(env, ProcessRole.Server, false);
        Assert.Contains(EnvVars.PublicUrl, Assert.Single(outcome.Errors));
    }

    [Fact]
    public void A_public_url_is_read_once_into_the_settings()
    {
        var env = Valid();
        env[EnvVars.PublicUrl] = "https://mem.example.org/base";
        var outcome = StartupValidation.Validate(env, ProcessRole.Server, false);
        Assert.True(outcome.IsValid, string.Join("; ", outcome.Errors));
        Assert.Equal("https://mem.example.org/base", outcome.Settings.PublicUrl!.ToString());
    }
}
