namespace ClaudeMem.Http.Observations;

public sealed record FullPrompt(Guid Id, string ProjectId, Guid? SessionId, string? Prompt, long CreatedAtEpoch) : FullRecord;
