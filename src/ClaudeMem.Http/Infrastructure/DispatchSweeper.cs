using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using Wolverine;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// A safety net behind the outbox, for pushes Valkey lost: BullMQ jobs still waiting for dispatch
/// a while after they were queued, that Valkey does not hold, get a fresh dispatch message. It
/// stands by while Valkey is away, when the outbox is already retrying. Requeues are not its job
/// (<see cref="RequeueDispatch"/>).
/// </summary>
public sealed class DispatchSweeper(IDocumentStore store, IServiceScopeFactory scopes, GenerationQueues? queues,
    BullMqDispatcher? bullMq, ServerSettings settings, TimeProvider clock, ILogger<DispatchSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long a job may wait for dispatch before the sweeper steps in: the outbox normally takes milliseconds.</summary>
    private TimeSpan Patience => settings.DispatchSweepInterval * 2;
    /// <summary>Jobs checked per sweep: one pipelined round trip to Valkey and one query.</summary>
    public const int BatchSize = 1_000;

    /// <summary>
    /// Where the next sweep goes on: a backlog longer than a batch (the usual state while workers are slower than
    /// events arrive) is walked oldest first across sweeps, then again from its start, so a lost push behind a long
    /// backlog is found within a pass rather than only once the backlog has drained. The cursor is a millisecond: jobs
    /// of the batch's last millisecond that did not fit are checked on the next pass, unless that millisecond alone
    /// holds more than a batch (a batch route records at most 500 events at one time).
    /// </summary>
    private long _resumeAfterEpoch = long.MinValue;

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

    /// <summary>
    /// BullMQ jobs only: the in-process engine's messages are themselves durable in PostgreSQL.
    /// A queued job that Valkey does not hold lost its push; one waiting in a backlog is left alone.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (queues is null || bullMq is null || !queues.Connection.IsConnected) return 0;
        var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Patience.TotalMilliseconds;
        var resumeAfter = _resumeAfterEpoch;
        IReadOnlyList<GenerationJobView> waiting;
        await using (var query = store.QuerySession())
            waiting = await query.Query<GenerationJobView>()
                .Where(j => j.Status == JobStatuses.Queued && j.Transport == QueueEngines.BullMq && j.UpdatedAtEpoch < cutoff
                            && j.UpdatedAtEpoch > resumeAfter)
                .OrderBy(j => j.UpdatedAtEpoch).Take(BatchSize).ToListAsync(ct);
        _resumeAfterEpoch = waiting.Count == BatchSize ? waiting[^1].UpdatedAtEpoch : long.MinValue;
        var lost = await bullMq.NotHeldAsync(waiting, ct);
        if (lost.Count == 0) return 0;

        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        foreach (var job in lost) await bus.PublishAsync(DispatchGenerationJob.For(job));
        logger.LogInformation("re-dispatched {Count} jobs whose push to Valkey was lost", lost.Count);
        return lost.Count;
    }
}
