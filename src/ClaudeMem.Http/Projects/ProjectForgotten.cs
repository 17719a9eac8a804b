namespace ClaudeMem.Http.Projects;

/// <summary>
/// Forgets what a project remembers (observations, summaries, memories, prompts) as of now, and
/// answers how many records of each kind went. The events stay in the log; a rebuild forgets again.
/// </summary>
/// <summary>The project forgotten, when, and how many records of each kind went.</summary>
public sealed record ProjectForgotten(string ProjectId, long ForgottenAtEpoch, RemovedRecords Removed);
