namespace ClaudeMem.Http.Infrastructure;

/// <summary>Ready once every hosted service (schema migration, Wolverine, the daemon) has started.</summary>
public sealed class Readiness(IHostApplicationLifetime lifetime) : IHostedService
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ready = true);
        lifetime.ApplicationStopping.Register(() => _ready = false);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
