using System.Text.Json;

namespace ClaudeMem.Events.Sessions;

/// <summary>The session read model, an inline snapshot of the session stream.</summary>
public sealed class SessionView : IProjectRecord
{
    public Guid Id { get; set; }
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string? ExternalSessionId { get; set; }
    public string? ContentSessionId { get; set; }
    public string? AgentId { get; set; }
    public string? AgentType { get; set; }
    public string? PlatformSource { get; set; }
    public JsonElement? Metadata { get; set; }
    public string Status { get; set; } = SessionStatus.Active;
    public long StartedAtEpoch { get; set; }
    public long? EndedAtEpoch { get; set; }
    public long UpdatedAtEpoch { get; set; }

    public static SessionView Create(SessionStarted started) => new()
    {
        Id = started.SessionId,
        TeamId = started.TeamId,
        ProjectId = started.ProjectId,
        ExternalSessionId = started.ExternalSessionId,
        ContentSessionId = started.ContentSessionId,
        AgentId = started.AgentId,
        AgentType = started.AgentType,
        PlatformSource = started.PlatformSource,
        Metadata = started.Metadata,
        StartedAtEpoch = started.StartedAtEpoch,
        UpdatedAtEpoch = started.StartedAtEpoch,
    };

    public void Apply(SessionEnded ended)
    {
        Status = SessionStatus.Ended;
        EndedAtEpoch = ended.EndedAtEpoch;
        UpdatedAtEpoch = ended.EndedAtEpoch;
    }
}
