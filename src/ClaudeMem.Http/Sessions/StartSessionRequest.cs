using System.Text.Json;

namespace ClaudeMem.Http.Sessions;

public sealed record StartSessionRequest(
    string? ProjectId,
    string? ExternalSessionId,
    string? ContentSessionId,
    string? AgentId,
    string? AgentType,
    string? PlatformSource,
    JsonElement? Metadata);
