namespace ClaudeMem.Events.Search;

public enum SearchOrder { Relevance, DateDesc, DateAsc }

/// <summary>A validated search: the endpoint has already checked every field and the caller's access to the projects.</summary>
public sealed record SearchCriteria(
    string TeamId,
    IReadOnlyList<string> Projects,
    string? Query,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> Concepts,
    IReadOnlyList<string> Files,
    Guid? SessionId,
    long? DateStart,
    long? DateEnd,
    SearchOrder Order,
    int Limit,
    int Offset,
    long NowEpoch)
{
    public bool HasFilter => Kinds.Count > 0 || Types.Count > 0 || Concepts.Count > 0 || Files.Count > 0
        || SessionId is not null || DateStart is not null || DateEnd is not null;

    public static SearchCriteria Newest(string teamId, IReadOnlyList<string> projects, int limit, long nowEpoch) =>
        new(teamId, projects, null, [], [], [], [], null, null, null, SearchOrder.DateDesc, limit, 0, nowEpoch);
}

/// <summary>How the hits were found: ranked full-text, the substring fallback, or filters alone.</summary>
public static class MatchModes
{
    public const string FullText = "fulltext";
    public const string Substring = "substring";
    public const string Filter = "filter";
}

public sealed record SearchHit(
    Guid Id, string Kind, string ProjectId, Guid? SessionId, string? Type, string Title, string? Subtitle,
    IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified,
    long CreatedAtEpoch, double? Score, string Snippet, string Body);

public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, string MatchMode);
