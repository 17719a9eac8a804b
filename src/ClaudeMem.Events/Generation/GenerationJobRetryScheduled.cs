
namespace ClaudeMem.Events.Generation;

public sealed record GenerationJobRetryScheduled(Guid JobStreamId, int Attempt, string Error, long DelayMs, long AtEpoch);
