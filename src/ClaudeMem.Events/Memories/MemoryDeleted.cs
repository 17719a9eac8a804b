namespace ClaudeMem.Events.Memories;

public sealed record MemoryDeleted(Guid MemoryId, string TeamId, string ProjectId, long DeletedAtEpoch);
