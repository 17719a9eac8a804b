namespace ClaudeMem.Events.Search;

/// <summary>
/// An operator forgot everything a project remembered up to this moment: its observations,
/// summaries, memories and prompts leave every read model; the events stay in the log.
/// </summary>
public sealed record ProjectMemoryForgotten(string TeamId, string ProjectId, long ForgottenAtEpoch)
{
    public static Guid StreamIdFor(string teamId, string projectId) => StreamIds.From("project-memory", teamId, projectId);
}
