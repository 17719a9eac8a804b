using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using Marten;
using Wolverine;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// A safety net behind the outbox: jobs still waiting for dispatch a while after they were
/// queued (requeued from the CLI, which has no outbox, or whose message was given up on) get a
/// fresh dispatch message. It stands by while Valkey is away, when the outbox is already retrying.
/// </summary>
public sealed class DispatchSweeper(IDocumentStore store, IServiceScopeFactory scopes, GenerationQueues? queues,
    ServerSettings settings, TimeProvider clock, ILogger<DispatchSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long a job may wait for dispatch before the sweeper steps in: the outbox normally takes milliseconds.</summary>
    private TimeSpan Patience => settings.DispatchSweepInterval * 2;
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.DispatchSweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("dispatch sweep failed ({Message}); trying again in {Seconds} s", e.Message, settings.DispatchSweepInterval.TotalSeconds);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (queues is { Connection.IsConnected: false }) return 0;
        var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Patience.TotalMilliseconds;
        IReadOnlyList<string> stuck;
        await using (var query = store.QuerySession())
            stuck = await query.Query<GenerationJobView>()
                .Where(j => j.AwaitingDispatch && j.Status == JobStatuses.Queued && j.UpdatedAtEpoch < cutoff)
                .OrderBy(j => j.UpdatedAtEpoch).Take(BatchSize).Select(j => j.JobId).ToListAsync(ct);
        if (stuck.Count == 0) return 0;

        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var jobId in stuck) await bus.PublishAsync(new DispatchGenerationJob(jobId));
        logger.LogInformation("re-dispatched {Count} jobs still waiting for their queue", stuck.Count);
        return stuck.Count;
    }
}
