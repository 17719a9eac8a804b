namespace ClaudeMem.Events.Generation;

/// <summary>A user removed a generated observation. Appended to a stream of the observation's own id; the generated set stays in the log.</summary>
public sealed record ObservationDeleted(Guid ObservationId, string TeamId, string ProjectId, long DeletedAtEpoch);
