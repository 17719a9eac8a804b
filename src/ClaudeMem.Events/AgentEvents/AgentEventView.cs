using System.Text.Json;

namespace ClaudeMem.Events.AgentEvents;

/// <summary>The event read model, an inline snapshot of the event's stream.</summary>
public sealed class AgentEventView : IProjectRecord
{
    public Guid Id { get; set; }
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public Guid? SessionId { get; set; }
    public string SourceType { get; set; } = "";
    public string EventType { get; set; } = "";
    public long OccurredAtEpoch { get; set; }
    public JsonElement Payload { get; set; }
    public string? SourceEventId { get; set; }
    public JsonElement? Metadata { get; set; }
    public long CreatedAtEpoch { get; set; }

    public static AgentEventView Create(AgentEventRecorded recorded) => new()
    {
        Id = recorded.EventId,
        TeamId = recorded.TeamId,
        ProjectId = recorded.ProjectId,
        SessionId = recorded.SessionId,
        SourceType = recorded.SourceType,
        EventType = recorded.EventType,
        OccurredAtEpoch = recorded.OccurredAtEpoch,
        Payload = recorded.Payload,
        SourceEventId = recorded.SourceEventId,
        Metadata = recorded.Metadata,
        CreatedAtEpoch = recorded.RecordedAtEpoch,
    };
}
