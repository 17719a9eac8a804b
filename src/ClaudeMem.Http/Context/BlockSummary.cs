namespace ClaudeMem.Http.Context;

public sealed record BlockSummary(long CreatedAtEpoch, string? Request, string? Learned, string? Completed, string? NextSteps);
