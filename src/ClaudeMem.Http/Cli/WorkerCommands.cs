using ClaudeMem.Events.Generation;
using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Cli;

/// <summary>`server worker start`: generation only. No HTTP listener; blocks in the foreground until SIGTERM.</summary>
public static class WorkerCommands
{
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> StartAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, ["--concurrency"], []);
        var settings = CommandLine.ValidatedSettings(ProcessRole.Worker);
        var concurrency = settings.Worker.Concurrency;
        // The flag overrides the environment's value.
        if (CommandLine.Option(args, "--concurrency") is { } concurrencyText
            && (!int.TryParse(concurrencyText, out concurrency) || concurrency is < 1 or > WorkerSettings.MaxConcurrency))
            throw new CliException($"--concurrency must be 1..{WorkerSettings.MaxConcurrency}, got '{concurrencyText}'", CommandLine.UsageExit);
        if (settings.QueueEngine != QueueEngines.BullMq)
            throw new CliException($"the worker consumes the BullMQ queues: set {EnvVars.QueueEngine}={QueueEngines.BullMq} and {EnvVars.RedisUrl}", CommandLine.ConfigurationExit);
        await ServerCommands.RequireDatabaseAsync(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownGrace + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddClaudeMemEvents(settings.DatabaseConnectionString, settings.SearchConnections, runAsyncDaemon: false, useRum: settings.SearchRum);
        GenerationHosting.AddGeneration(builder.Services, settings);
        builder.Services.AddSingleton(new GenerationWorkerOptions($"{Environment.MachineName}-{Environment.ProcessId}", concurrency, ShutdownGrace)
        {
            LockDuration = settings.Worker.LockDuration,
            StalledInterval = settings.Worker.StalledInterval,
        });
        builder.Services.AddHostedService<GenerationWorkers>();
        Metrics.MetricsHosting.AddWorker(builder.Services, settings);
        if (settings.LogFormat == LogFormats.Json) builder.Logging.AddJsonConsole();

        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
