using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;

namespace ClaudeMem.Http.Cli;

/// <summary>`server worker start`: generation only. No HTTP listener; blocks in the foreground until SIGTERM.</summary>
public static class WorkerCommands
{
    public const string ConcurrencyVariable = "CLAUDE_MEM_WORKER_CONCURRENCY";
    public const string LockMsVariable = "CLAUDE_MEM_WORKER_LOCK_MS";
    public const string StalledIntervalMsVariable = "CLAUDE_MEM_WORKER_STALLED_INTERVAL_MS";
    public const int DefaultConcurrency = 4;
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> StartAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, ["--concurrency"], []);
        var concurrencyText = CommandLine.Option(args, "--concurrency") ?? Environment.GetEnvironmentVariable(ConcurrencyVariable);
        var concurrency = DefaultConcurrency;
        if (concurrencyText is not null && (!int.TryParse(concurrencyText, out concurrency) || concurrency is < 1 or > 256))
            throw new CliException($"--concurrency ({ConcurrencyVariable}) must be 1..256, got '{concurrencyText}'", CommandLine.UsageExit);

        var lockDuration = Milliseconds(LockMsVariable, TimeSpan.FromSeconds(30));
        var stalledInterval = Milliseconds(StalledIntervalMsVariable, TimeSpan.FromSeconds(30));
        var settings = CommandLine.ValidatedSettings(ProcessRole.Worker);
        if (settings.QueueEngine != QueueEngines.BullMq)
            throw new CliException($"the worker consumes the BullMQ queues: set {EnvVars.QueueEngine}={QueueEngines.BullMq} and {EnvVars.RedisUrl}", CommandLine.ConfigurationExit);
        await ServerCommands.RequireDatabaseAsync(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownGrace + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddClaudeMemEvents(settings.DatabaseConnectionString, runAsyncDaemon: false, useRum: settings.SearchRum);
        GenerationHosting.AddGeneration(builder.Services, settings);
        builder.Services.AddSingleton(new GenerationWorkerOptions($"{Environment.MachineName}-{Environment.ProcessId}", concurrency, ShutdownGrace)
        {
            LockDuration = lockDuration,
            StalledInterval = stalledInterval,
        });
        builder.Services.AddHostedService<GenerationWorkers>();

        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }

    private static TimeSpan Milliseconds(string variable, TimeSpan fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, out var ms) && ms is >= 500 and <= 600_000
            ? TimeSpan.FromMilliseconds(ms)
            : throw new CliException($"{variable} must be 500..600000 milliseconds, got '{text}'", CommandLine.ConfigurationExit);
    }
}
