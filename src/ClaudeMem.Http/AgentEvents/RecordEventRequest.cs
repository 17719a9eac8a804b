using System.Text.Json;

namespace ClaudeMem.Http.AgentEvents;

public sealed record RecordEventRequest(
    string? ProjectId,
    Guid? ServerSessionId,
    string? ContentSessionId,
    string? SourceType,
    string? EventType,
    long? OccurredAtEpoch,
    JsonElement? Payload,
    string? SourceEventId,
    JsonElement? Metadata);
