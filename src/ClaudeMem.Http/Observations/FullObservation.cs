namespace ClaudeMem.Http.Observations;

public sealed record FullObservation(
    Guid Id, string ProjectId, Guid? SessionId, string Type, string Title, string? Subtitle, IReadOnlyList<string> Facts, string? Narrative,
    IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified, int? PromptNumber,
    Guid SourceEventId, string JobId, long CreatedAtEpoch) : FullRecord;
