using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Generation.Providers;
using ClaudeMem.Http.Configuration;
using StackExchange.Redis;
using Wolverine;
using Wolverine.ErrorHandling;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Wires generation into a host: the queue transport, the provider, and the outbox hop from PostgreSQL to it.</summary>
public static class GenerationHosting
{
    public static void AddGeneration(IServiceCollection services, ServerSettings settings)
    {
        services.AddHttpClient(nameof(IGenerationProvider), http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => GenerationConfiguration.CreateProvider(settings.Generation,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IGenerationProvider)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new JobRunner(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<IGenerationProvider>(),
            sp.GetRequiredService<TimeProvider>(), $"{Environment.MachineName}:{Environment.ProcessId}", settings.Generation.Prompt));

        services.AddSingleton(sp => new QueueHealth(sp.GetService<GenerationQueues>()));
        if (settings.QueueEngine == QueueEngines.BullMq)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnections.FromUrl(settings.RedisUrl!)));
            services.AddSingleton(sp => new GenerationQueues(sp.GetRequiredService<IConnectionMultiplexer>(), settings.QueuePrefix));
            services.AddSingleton<BullMqDispatcher>();
            services.AddSingleton<IGenerationDispatcher>(sp => sp.GetRequiredService<BullMqDispatcher>());
        }
        else
        {
            services.AddSingleton<IGenerationDispatcher>(sp => new InProcessDispatcher(sp.GetRequiredService<JobRunner>(),
                runJobs: !settings.GenerationDisabled));
        }
    }

    /// <summary>
    /// The dispatch message is published through the request's outbox, so it leaves only after the commit.
    /// With BullMQ it then waits in memory for the push (a few milliseconds): the job's record in PostgreSQL
    /// is what is durable, and <see cref="DispatchSweeper"/> pushes again any job still queued that Valkey
    /// does not hold (a crash between commit and push, a Valkey that lost it). Persisting the message as
    /// well cost an envelope insert in the request and an update after the push, plus their later delete:
    /// 0.5-0.7 ms of PostgreSQL CPU per POST /v1/events, about a fifth of it (alternating 15 s runs at
    /// concurrency 8, durable PostgreSQL). The in-process engine runs the job itself from this queue, so
    /// there the queue stays PostgreSQL-backed and carries the job across a restart. Valkey being away is
    /// retried for as long as it takes. Retries of the jobs themselves are not Wolverine's: the job's stream
    /// decides them (<see cref="DispatchGenerationJobHandler"/>).
    /// </summary>
    public static void ConfigureDispatch(WolverineOptions opts, string queueEngine)
    {
        opts.Policies.UseDurableLocalQueues();
        opts.PublishMessage<DispatchGenerationJob>().ToLocalQueue(DispatchGenerationJobHandler.LocalQueue);
        opts.PublishMessage<RequeueCommitted>().ToLocalQueue(DispatchGenerationJobHandler.LocalQueue);
        var dispatch = opts.LocalQueue(DispatchGenerationJobHandler.LocalQueue).MaximumParallelMessages(8);
        if (queueEngine == QueueEngines.BullMq) dispatch.BufferedInMemory();
        else dispatch.UseDurableInbox();

        opts.OnException<RedisConnectionException>().Or<RedisTimeoutException>().Or<RedisException>().Or<TimeoutException>()
            .RetryWithCooldown(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))
            .Then.ScheduleRetryIndefinitely(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }
}
