namespace ClaudeMem.Http.Search;

/// <summary>The search answer: our <c>results</c>, and the same hits as the TypeScript server's <c>observations</c>.</summary>
public sealed record SearchAnswer(
    IEnumerable<RankedHit> Results,
    IEnumerable<CompatibleHit> Observations,
    string MatchMode,
    string? Query,
    string OrderBy,
    int Limit,
    int Offset);
