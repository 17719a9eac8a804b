
namespace ClaudeMem.Events.Generation;

public sealed record GenerationJobStarted(Guid JobStreamId, int Attempt, string Worker, long AtEpoch);
