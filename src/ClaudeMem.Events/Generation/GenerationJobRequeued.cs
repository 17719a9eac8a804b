
namespace ClaudeMem.Events.Generation;

/// <summary>An operator asked to run a failed or cancelled job again, under the same id.</summary>
public sealed record GenerationJobRequeued(Guid JobStreamId, long AtEpoch);
