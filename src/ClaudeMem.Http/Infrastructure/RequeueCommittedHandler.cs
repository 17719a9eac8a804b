using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using Wolverine;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Turns a committed requeue into the job's dispatch message (<see cref="RequeueDispatch"/>).</summary>
public static class RequeueCommittedHandler
{
    /// <summary>A job requeued and cancelled (or finished) since is left alone; dispatching a queued one twice is a no-op downstream.</summary>
    public static async Task Handle(RequeueCommitted message, IQuerySession query, IMessageContext context, CancellationToken ct)
    {
        var job = await query.LoadAsync<GenerationJobView>(message.JobStreamId, ct);
        if (job is { Status: JobStatuses.Queued }) await context.PublishAsync(DispatchGenerationJob.For(job));
    }
}
