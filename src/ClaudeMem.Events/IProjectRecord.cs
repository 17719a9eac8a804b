namespace ClaudeMem.Events;

/// <summary>
/// A record that belongs to one project of one team: sessions, events, jobs, observations, summaries,
/// memories. An API key sees it when the team is the key's and the key is not bound to another project.
/// </summary>
public interface IProjectRecord
{
    string TeamId { get; }
    string ProjectId { get; }
}
