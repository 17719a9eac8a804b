using System.Text.Json;
using System.Text.Json.Nodes;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// Consumes both generation queues with BullMQ workers and runs each job through the
/// <see cref="JobRunner"/>. A heartbeat key per worker makes the fleet visible to /api/health.
/// </summary>
public sealed class GenerationWorkers(GenerationQueues queues, JobRunner runner, GenerationWorkerOptions options,
    TimeProvider clock, ILogger<GenerationWorkers> logger) : IHostedService, IAsyncDisposable
{
    private readonly List<Worker> _workers = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task? _heartbeat;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var kind in JobKinds.All)
        {
            var worker = new Worker(queues.Connection, kind, HandleAsync, new WorkerOptions
            {
                Prefix = queues.Prefix,
                Name = options.Name,
                Concurrency = options.Concurrency,
                LockDuration = options.LockDuration,
                StalledInterval = options.StalledInterval,
                BackoffStrategy = StreamBackoff,
            }, clock);
            worker.Error += e => logger.LogWarning("queue {Queue}: {Message}", kind, e.Message);
            worker.Failed += (job, e) => logger.LogInformation("job {JobId} failed this attempt: {Message}", job.Id, e.Message);
            await worker.StartAsync(cancellationToken);
            _workers.Add(worker);
        }
        _heartbeat = BeatAsync(_stopping.Token);
        logger.LogInformation("generation worker {Name} consuming {Queues} (concurrency {Concurrency}, prefix {Prefix})",
            options.Name, string.Join(", ", JobKinds.All), options.Concurrency, queues.Prefix);
    }

    private async Task<JsonNode?> HandleAsync(Job job, CancellationToken ct)
    {
        var outcome = await runner.RunAsync(BullMqDispatcher.JobIdOf(job), ct);
        return outcome.Result switch
        {
            JobRunResult.RetryLater => throw new GenerationRetryException(job.Id, outcome.Error, outcome.RetryDelay ?? GenerationQueueOptions.FirstBackoff),
            JobRunResult.Failed => throw new UnrecoverableJobException(outcome.Error ?? "generation failed"),
            _ => new JsonObject { ["outcome"] = outcome.Result.ToString().ToLowerInvariant(), ["results"] = outcome.ResultCount },
        };
    }

    /// <summary>
    /// BullMQ carries out the retry the job's stream decided, after the delay it recorded. Any other
    /// error left the stream undecided (PostgreSQL away, say): the default backoff, up to BullMQ's ceiling.
    /// </summary>
    public static long StreamBackoff(int attemptsMade, string type, Exception error, Job job) => error switch
    {
        GenerationRetryException decided => (long)decided.Delay.TotalMilliseconds,
        _ => (long)GenerationQueueOptions.RetryDelay(attemptsMade, null).TotalMilliseconds,
    };

    private async Task BeatAsync(CancellationToken ct)
    {
        var database = queues.Connection.GetDatabase();
        var startedAtEpoch = clock.GetUtcNow().ToUnixTimeMilliseconds();
        GenerationMetrics.HeartbeatStarting(options.Name);
        while (!ct.IsCancellationRequested)
        {
            // beatAtEpoch lets a reader (the server's /metrics) tell how fresh the beat is, not only that the key has not expired yet.
            var description = JsonSerializer.Serialize(new
            {
                name = options.Name,
                pid = Environment.ProcessId,
                host = Environment.MachineName,
                concurrency = options.Concurrency,
                queues = JobKinds.All,
                startedAtEpoch,
                beatAtEpoch = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            });
            try
            {
                await WorkerHeartbeats.WriteAsync(database, queues.Prefix, options.Name, description);
                GenerationMetrics.HeartbeatWritten(options.Name, ok: true);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                GenerationMetrics.HeartbeatWritten(options.Name, ok: false); // Valkey away: the next beat retries
            }
            try { await Task.Delay(GenerationWorkerOptions.HeartbeatInterval, clock, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Stop fetching, let active jobs finish within the grace period; what is left goes back via the stalled checker.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers.Select(w => w.StopAsync(options.ShutdownGrace, cancellationToken)));
        try { await WorkerHeartbeats.RemoveAsync(queues.Connection.GetDatabase(), queues.Prefix, options.Name); }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException) { }
        if (_heartbeat is not null) await _heartbeat;
        GenerationMetrics.HeartbeatStopped(options.Name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers) await worker.DisposeAsync();
        _stopping.Dispose();
    }
}
