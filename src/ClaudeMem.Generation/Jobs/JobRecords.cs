using ClaudeMem.Events.Generation;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// Creating job records: the first event of a job's stream, written with the event or session end it belongs to.
/// keyId is the requesting API key (null for the local-dev caller), under which the job's usage is counted.
/// </summary>
public static class JobRecords
{
    public static GenerationJobQueued ForEvent(Guid eventId, string teamId, string projectId, Guid? sessionId, string transport, long nowEpoch, string? keyId)
    {
        var jobId = JobIds.ForEvent(eventId);
        return new GenerationJobQueued(JobIds.StreamOf(jobId), jobId, JobKinds.Event, teamId, projectId, sessionId,
            JobSourceTypes.Event, eventId, GenerationQueueOptions.MaxAttempts, transport, nowEpoch, keyId);
    }

    public static GenerationJobQueued ForSessionSummary(Guid sessionId, string teamId, string projectId, string transport, long nowEpoch, string? keyId)
    {
        var jobId = JobIds.ForSessionSummary(sessionId);
        return ForSessionSummary(jobId, sessionId, teamId, projectId, transport, nowEpoch, keyId);
    }

    /// <summary>A summary of the session so far; its result replaces the session's earlier summary.</summary>
    public static GenerationJobQueued ForSessionCheckpoint(Guid sessionId, string checkpointId, string teamId, string projectId, string transport, long nowEpoch,
        string? keyId) =>
        ForSessionSummary(JobIds.ForSessionCheckpoint(sessionId, checkpointId), sessionId, teamId, projectId, transport, nowEpoch, keyId);

    private static GenerationJobQueued ForSessionSummary(string jobId, Guid sessionId, string teamId, string projectId, string transport, long nowEpoch,
        string? keyId) =>
        new(JobIds.StreamOf(jobId), jobId, JobKinds.Summary, teamId, projectId, sessionId,
            JobSourceTypes.Session, sessionId, GenerationQueueOptions.MaxAttempts, transport, nowEpoch, keyId);
}
