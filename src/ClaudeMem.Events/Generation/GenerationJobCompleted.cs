
namespace ClaudeMem.Events.Generation;

/// <param name="Tokens">What the provider reported using for the answer; null when it does not report it (and for events recorded before it was kept).</param>
public sealed record GenerationJobCompleted(Guid JobStreamId, int Attempt, int ResultCount, long AtEpoch, long? Tokens = null);
