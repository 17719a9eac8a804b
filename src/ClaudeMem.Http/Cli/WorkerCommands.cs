using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;

namespace ClaudeMem.Http.Cli;

/// <summary>`server worker start`: generation only. No HTTP listener; blocks in the foreground until SIGTERM.</summary>
public static class WorkerCommands
{
    public const string ConcurrencyVariable = "CLAUDE_MEM_WORKER_CONCURRENCY";
    public const int DefaultConcurrency = 4;
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> StartAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, ["--concurrency"], []);
        var concurrencyText = CommandLine.Option(args, "--concurrency") ?? Environment.GetEnvironmentVariable(ConcurrencyVariable);
        var concurrency = DefaultConcurrency;
        if (concurrencyText is not null && (!int.TryParse(concurrencyText, out concurrency) || concurrency is < 1 or > 256))
            throw new CliException($"--concurrency ({ConcurrencyVariable}) must be 1..256, got '{concurrencyText}'", CommandLine.UsageExit);

        var settings = CommandLine.ValidatedSettings(ProcessRole.Worker);
        if (settings.QueueEngine != QueueEngines.BullMq)
            throw new CliException($"the worker consumes the BullMQ queues: set {EnvVars.QueueEngine}={QueueEngines.BullMq} and {EnvVars.RedisUrl}", CommandLine.ConfigurationExit);
        await ServerCommands.RequireDatabaseAsync(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownGrace + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddClaudeMemEvents(settings.DatabaseConnectionString, runAsyncDaemon: false);
        GenerationHosting.AddGeneration(builder.Services, settings);
        builder.Services.AddSingleton(new GenerationWorkerOptions($"{Environment.MachineName}-{Environment.ProcessId}", concurrency, ShutdownGrace));
        builder.Services.AddHostedService<GenerationWorkers>();

        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
