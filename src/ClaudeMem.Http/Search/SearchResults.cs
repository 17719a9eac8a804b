using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Search;

/// <summary>How a hit is shown: our result shape, and the TypeScript server's item shape.</summary>
public static class SearchResults
{
    public static RankedHit Result(SearchHit hit) => new(
        hit.Kind, hit.Id, hit.Score, hit.Snippet, hit.ProjectId, hit.SessionId, hit.Type, hit.Title, hit.Subtitle,
        hit.Concepts, hit.FilesRead, hit.FilesModified, hit.CreatedAtEpoch);

    public static CompatibleHit Compatible(SearchHit hit, string teamId) => new(
        hit.Id, hit.ProjectId, teamId, hit.SessionId, hit.Kind, hit.Body,
        new CompatibleHitMetadata(hit.Type, hit.Title, hit.Subtitle, hit.Concepts, hit.FilesRead, hit.FilesModified, hit.Score),
        hit.CreatedAtEpoch, hit.CreatedAtEpoch);
}
