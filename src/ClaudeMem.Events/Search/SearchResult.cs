namespace ClaudeMem.Events.Search;

public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, string MatchMode);
