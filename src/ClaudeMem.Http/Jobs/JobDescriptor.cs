using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Jobs;

/// <summary>The job descriptor clients see: {id, status, transport, bullmqJobId, sourceType, sourceId, attempts, ...}.</summary>
public sealed record JobDescriptor(
    string Id, string Kind, string Status, string? Transport, string? BullmqJobId, string SourceType, Guid SourceId,
    string ProjectId, Guid? SessionId, int Attempts, int MaxAttempts, string? LastError, int ResultCount,
    long CreatedAtEpoch, long UpdatedAtEpoch, long? CompletedAtEpoch, object? Payload = null)
{
    public static JobDescriptor? From(GenerationJobView? job, object? payload = null) => job is null ? null : new(
        job.JobId, job.Kind, job.Status, job.Transport, job.QueueJobId, job.SourceType, job.SourceId, job.ProjectId,
        job.SessionId, job.Attempts, job.MaxAttempts, job.LastError, job.ResultCount, job.CreatedAtEpoch,
        job.UpdatedAtEpoch, job.CompletedAtEpoch, payload);

    public static JobDescriptor? Queued(GenerationJobQueued? queued) => queued is null ? null : From(GenerationJobView.Create(queued));
}
