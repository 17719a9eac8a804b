using System.Collections.Concurrent;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Configuration;
using Npgsql;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Lets a request wait for its job to finish without polling hard: one LISTEN connection per
/// server receives the NOTIFY that every terminal job transition sends on commit, and wakes the
/// waiters of that job. A slow re-check covers notifications lost while reconnecting.
/// </summary>
public sealed class JobWaiter(IDocumentStore store, ServerSettings settings, TimeProvider clock, ILogger<JobWaiter> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    public sealed record Waited(GenerationJobView? Job, bool TimedOut);

    public async Task<Waited> WaitForTerminalAsync(string jobId, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            var signal = _signals.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            GenerationJobView? job;
            await using (var query = store.QuerySession())
                job = await query.LoadAsync<GenerationJobView>(JobIds.StreamOf(jobId), ct);
            var remaining = deadline - clock.GetUtcNow();
            if (job is null || JobStatuses.IsTerminal(job.Status) || remaining <= TimeSpan.Zero)
            {
                _signals.TryRemove(new KeyValuePair<string, TaskCompletionSource>(jobId, signal));
                return new(job, job is not null && !JobStatuses.IsTerminal(job.Status));
            }
            var recheck = settings.JobWaitRecheck;
            await Task.WhenAny(signal.Task, Task.Delay(remaining < recheck ? remaining : recheck, clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings.DatabaseConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {JobStreams.NotificationChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("job notification listener lost its connection ({Message}); reconnecting", e.Message);
                WakeAll();
                await Task.Delay(ReconnectDelay, clock, stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    private void Wake(string jobId)
    {
        if (_signals.TryRemove(jobId, out var signal)) signal.TrySetResult();
    }

    private void WakeAll()
    {
        foreach (var jobId in _signals.Keys) Wake(jobId);
    }
}
