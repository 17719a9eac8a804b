using System.Text.Json;

namespace ClaudeMem.Events.AgentEvents;

/// <summary>One thing that happened in an agent session (a prompt, a tool call, an answer). Its own stream.</summary>
public sealed record AgentEventRecorded(
    Guid EventId,
    string TeamId,
    string ProjectId,
    Guid? SessionId,
    string SourceType,
    string EventType,
    long OccurredAtEpoch,
    JsonElement Payload,
    string? SourceEventId,
    JsonElement? Metadata,
    long RecordedAtEpoch);
