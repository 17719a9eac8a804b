using ClaudeMem.Events.AgentEvents;

namespace ClaudeMem.Http.Endpoints;

/// <summary>
/// The recorded event, its generation job (absent with generate=false) and whether this request created it;
/// waitTimedOut only with wait=true.
/// </summary>
public sealed record EventRecordedAnswer(AgentEventView Event, JobDescriptor? GenerationJob, bool Created, bool? WaitTimedOut = null);

/// <summary>A batch's events without their payloads, their jobs in the same order (null where none), and how many were new.</summary>
public sealed record EventBatchAnswer(IEnumerable<BatchedEvent> Events, IEnumerable<JobDescriptor?> GenerationJobs, int Created, int Existing);

public sealed record BatchedEvent(
    Guid Id, string TeamId, string ProjectId, Guid? SessionId, string SourceType, string EventType, long OccurredAtEpoch,
    string? SourceEventId, long CreatedAtEpoch)
{
    public static BatchedEvent Of(AgentEventView view) => new(view.Id, view.TeamId, view.ProjectId, view.SessionId, view.SourceType,
        view.EventType, view.OccurredAtEpoch, view.SourceEventId, view.CreatedAtEpoch);
}

public sealed record EventAnswer(AgentEventView Event);
