using ClaudeMem.Events.Generation;
using Wolverine.Marten;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// The one path by which a requeued job reaches its queue: the server's event subscription sees
/// every <see cref="GenerationJobRequeued"/> once it is committed (its progress is kept in
/// PostgreSQL, so one written while no server ran is dispatched at the next start) and publishes
/// a <see cref="RequeueCommitted"/>, whose handler publishes the job's dispatch message, handed to
/// the engine like any new job's.
/// </summary>
public static class RequeueDispatch
{
    public const string SubscriptionName = "generation-job-requeues";

    public static MartenServiceCollectionExtensions.MartenConfigurationExpression DispatchRequeues(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.PublishEventsToWolverine(SubscriptionName, relay =>
            relay.PublishEvent<GenerationJobRequeued>((e, bus) => bus.PublishAsync(new RequeueCommitted(e.Data.JobStreamId))));
}
