namespace ClaudeMem.Http.Observations;

/// <summary>A session summary; its id is its session's id, repeated as <c>sessionId</c>.</summary>
public sealed record FullSummary(
    Guid Id, string ProjectId, Guid SessionId, string? Request, string? Investigated, string? Learned, string? Completed,
    string? NextSteps, string? Notes, string JobId, long CreatedAtEpoch) : FullRecord;
