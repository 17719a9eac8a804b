namespace ClaudeMem.Http.Search;

/// <summary>One hit in our shape.</summary>
public sealed record RankedHit(
    string Kind, Guid Id, double? Score, string Snippet, string ProjectId, Guid? SessionId, string? Type, string Title,
    string? Subtitle, IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified,
    long CreatedAtEpoch);
