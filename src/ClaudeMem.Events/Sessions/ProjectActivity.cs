using ClaudeMem.Events.Access;
using ClaudeMem.Events.AgentEvents;
using Marten.Events.Projections;

namespace ClaudeMem.Events.Sessions;

/// <summary>Per-project counters, built asynchronously by the projection daemon.</summary>
public sealed class ProjectActivity
{
    public string Id { get; set; } = "";
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public int Sessions { get; set; }
    public int Events { get; set; }
    public long LastActivityAtEpoch { get; set; }
}

public sealed class ProjectActivityProjection : MultiStreamProjection<ProjectActivity, string>
{
    public ProjectActivityProjection()
    {
        Identity<SessionStarted>(e => Project.KeyOf(e.TeamId, e.ProjectId));
        Identity<AgentEventRecorded>(e => Project.KeyOf(e.TeamId, e.ProjectId));
    }

    public void Apply(ProjectActivity view, SessionStarted started)
    {
        Identify(view, started.TeamId, started.ProjectId);
        view.Sessions++;
        view.LastActivityAtEpoch = Math.Max(view.LastActivityAtEpoch, started.StartedAtEpoch);
    }

    public void Apply(ProjectActivity view, AgentEventRecorded recorded)
    {
        Identify(view, recorded.TeamId, recorded.ProjectId);
        view.Events++;
        view.LastActivityAtEpoch = Math.Max(view.LastActivityAtEpoch, recorded.RecordedAtEpoch);
    }

    private static void Identify(ProjectActivity view, string teamId, string projectId)
    {
        view.Id = Project.KeyOf(teamId, projectId);
        view.TeamId = teamId;
        view.ProjectId = projectId;
    }
}
