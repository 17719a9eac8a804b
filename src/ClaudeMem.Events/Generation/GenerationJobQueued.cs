
namespace ClaudeMem.Events.Generation;

/// <param name="Transport">The engine that carries it (bullmq, in-process), fixed when the job is created.</param>
/// <param name="KeyId">The API key whose request created the job, so its generated tokens count for that key; null for
/// the local-dev caller (and for jobs recorded before it was kept): their usage counts for the team only.</param>
public sealed record GenerationJobQueued(
    Guid JobStreamId, string JobId, string Kind, string TeamId, string ProjectId, Guid? SessionId,
    string SourceType, Guid SourceId, int MaxAttempts, string Transport, long AtEpoch, string? KeyId = null);
