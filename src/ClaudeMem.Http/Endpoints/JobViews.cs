using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Endpoints;

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

/// <summary>A page of jobs, newest first, with the total matching the filters.</summary>
public sealed record JobPage(IEnumerable<JobDescriptor> Jobs, int Total, int Limit, int Offset);

public sealed record JobAnswer(JobDescriptor Job);

/// <summary>The job after a retry or cancel.</summary>
public sealed record GenerationJobAnswer(JobDescriptor GenerationJob);

/// <summary>A session and its summary job (absent when none was queued).</summary>
public sealed record SessionJobAnswer(SessionView Session, JobDescriptor? GenerationJob);
