namespace ClaudeMem.Http.Search;

/// <summary>One hit as the TypeScript server's search and context items: <c>kind</c> and <c>content</c>, the rest in <c>metadata</c>.</summary>
public sealed record CompatibleHit(
    Guid Id, string ProjectId, string TeamId, Guid? ServerSessionId, string Kind, string Content, CompatibleHitMetadata Metadata,
    long CreatedAtEpoch, long UpdatedAtEpoch);
