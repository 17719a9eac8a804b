using System.Text.Json;

namespace ClaudeMem.Events.Sessions;

public sealed record SessionStarted(
    Guid SessionId,
    string TeamId,
    string ProjectId,
    string? ExternalSessionId,
    string? ContentSessionId,
    string? AgentId,
    string? AgentType,
    string? PlatformSource,
    JsonElement? Metadata,
    long StartedAtEpoch);
