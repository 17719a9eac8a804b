
namespace ClaudeMem.Events.Generation;

public sealed record GenerationJobCancelled(Guid JobStreamId, long AtEpoch);
