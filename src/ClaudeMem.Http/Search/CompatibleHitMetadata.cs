namespace ClaudeMem.Http.Search;

public sealed record CompatibleHitMetadata(
    string? Type, string Title, string? Subtitle, IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesModified, double? Score);
