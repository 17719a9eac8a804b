namespace ClaudeMem.Generation.Parsing;

public sealed record GeneratedObservation(
    string Type,
    string? Title,
    string? Subtitle,
    IReadOnlyList<string> Facts,
    string? Narrative,
    IReadOnlyList<string> Concepts,
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesModified);

public sealed record GeneratedSummary(
    string? Request,
    string? Investigated,
    string? Learned,
    string? Completed,
    string? NextSteps,
    string? Notes);
