using ClaudeMem.Events.AgentEvents;

namespace ClaudeMem.Http.AgentEvents;

public sealed record BatchedEvent(
    Guid Id, string TeamId, string ProjectId, Guid? SessionId, string SourceType, string EventType, long OccurredAtEpoch,
    string? SourceEventId, long CreatedAtEpoch)
{
    public static BatchedEvent Of(AgentEventView view) => new(view.Id, view.TeamId, view.ProjectId, view.SessionId, view.SourceType,
        view.EventType, view.OccurredAtEpoch, view.SourceEventId, view.CreatedAtEpoch);
}
