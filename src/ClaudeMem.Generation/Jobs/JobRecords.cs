using ClaudeMem.Events.Generation;

namespace ClaudeMem.Generation.Jobs;

/// <summary>Creating job records: the first event of a job's stream, written with the event or session end it belongs to.</summary>
public static class JobRecords
{
    public static GenerationJobQueued ForEvent(Guid eventId, string teamId, string projectId, Guid? sessionId, long nowEpoch)
    {
        var jobId = JobIds.ForEvent(eventId);
        return new GenerationJobQueued(JobIds.StreamOf(jobId), jobId, JobKinds.Event, teamId, projectId, sessionId,
            JobSourceTypes.Event, eventId, GenerationQueueOptions.MaxAttempts, nowEpoch);
    }

    public static GenerationJobQueued ForSessionSummary(Guid sessionId, string teamId, string projectId, long nowEpoch)
    {
        var jobId = JobIds.ForSessionSummary(sessionId);
        return new GenerationJobQueued(JobIds.StreamOf(jobId), jobId, JobKinds.Summary, teamId, projectId, sessionId,
            JobSourceTypes.Session, sessionId, GenerationQueueOptions.MaxAttempts, nowEpoch);
    }
}

/// <summary>The message that carries a committed job from PostgreSQL to its queue (Wolverine's durable outbox).</summary>
public sealed record DispatchGenerationJob(string JobId);

/// <summary>How a committed job reaches the workers: BullMQ on Valkey, or run in-process.</summary>
public interface IGenerationDispatcher
{
    string Transport { get; }
    Task DispatchAsync(string jobId, CancellationToken ct);
}
