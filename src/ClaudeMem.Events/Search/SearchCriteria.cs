namespace ClaudeMem.Events.Search;

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
