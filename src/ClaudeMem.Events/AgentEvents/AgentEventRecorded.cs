using System.Text.Json;

namespace ClaudeMem.Events.AgentEvents;

/// <summary>Where an agent event came from, as the client declares it.</summary>
public static class SourceTypes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { "hook", "worker", "provider", "server", "api" };
}

/// <summary>Event types as Claude Code's hooks name them.</summary>
public static class HookEventTypes
{
    public const string UserPromptSubmit = "UserPromptSubmit";
    public const string PostToolUse = "PostToolUse";
    public const string Stop = "Stop";
}

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

/// <summary>The event read model, an inline snapshot of the event's stream.</summary>
public sealed class AgentEventView
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
