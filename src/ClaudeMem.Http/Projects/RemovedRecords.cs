namespace ClaudeMem.Http.Projects;

/// <summary>Counts by kind (every kind, zero when none).</summary>
public sealed record RemovedRecords(long Observation, long Summary, long Memory, long Prompt);
