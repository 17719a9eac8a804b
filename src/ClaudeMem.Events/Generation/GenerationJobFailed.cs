
namespace ClaudeMem.Events.Generation;

public sealed record GenerationJobFailed(Guid JobStreamId, int Attempt, string Error, long AtEpoch);
