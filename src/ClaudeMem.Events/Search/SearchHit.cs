namespace ClaudeMem.Events.Search;

public sealed record SearchHit(
    Guid Id, string Kind, string ProjectId, Guid? SessionId, string? Type, string Title, string? Subtitle,
    IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified,
    long CreatedAtEpoch, double? Score, string Snippet, string Body);
