using System.Text.Json;

namespace ClaudeMem.Testing;

/// <summary>One hand-written memory of the relevance corpus, loaded through POST /v1/memories.</summary>
public sealed record RelevanceRecord(
    string Key, string? Project, string Type, string Title, string? Subtitle, string Text,
    IReadOnlyList<string>? Facts, IReadOnlyList<string>? Concepts, IReadOnlyList<string>? Files);

/// <summary>
/// A query with the records a human expert expects: <see cref="MustTop3"/> must rank in the top 3;
/// <see cref="Relevant"/> grades other useful records 1..3 for nDCG.
/// </summary>
public sealed record RelevanceQuery(
    string Id, string Query, IReadOnlyList<string>? Projects, IReadOnlyList<string> MustTop3,
    IReadOnlyDictionary<string, int>? Relevant, string? Why, string? KnownGap = null)
{
    /// <summary>How deep the must-rank records may sit: the top 3, or the top 5 for a query whose gap the engine cannot close yet (said in <see cref="KnownGap"/>).</summary>
    public int MustRankWithin => KnownGap is null ? RelevanceCorpus.MustRankWithin : RelevanceCorpus.MustRankWithin + 2;

    /// <summary>Every judged record's grade; a must-rank record not graded otherwise counts as the best grade.</summary>
    public IReadOnlyDictionary<string, int> Grades()
    {
        var grades = new Dictionary<string, int>(Relevant ?? new Dictionary<string, int>());
        foreach (var key in MustTop3) grades.TryAdd(key, RelevanceCorpus.MaxGrade);
        return grades;
    }
}

/// <summary>
/// The hand-built relevance corpus (records in a few projects, judged queries), shared by the
/// relevance tests and the search benchmark. <see cref="Projects"/> maps aliases ("main",
/// "worktree") to project ids; a record or query without one is in "main".
/// </summary>
public sealed record RelevanceCorpus(
    IReadOnlyDictionary<string, string> Projects, IReadOnlyList<RelevanceRecord> Records, IReadOnlyList<RelevanceQuery> Queries)
{
    public const string MainProject = "main";
    public const int MaxGrade = 3;
    public const int MustRankWithin = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RelevanceCorpus Load(string path)
    {
        var corpus = JsonSerializer.Deserialize<RelevanceCorpus>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty");
        corpus.Validate(path);
        return corpus;
    }

    public string ProjectOf(RelevanceRecord record) => Projects[record.Project ?? MainProject];

    public IReadOnlyList<string> ProjectsOf(RelevanceQuery query) =>
        (query.Projects ?? [MainProject]).Select(alias => Projects[alias]).ToList();

    public RelevanceRecord Record(string key) => Records.Single(r => r.Key == key);

    /// <summary>A typo in the hand-written file must fail loudly, not silently judge a query against nothing.</summary>
    private void Validate(string path)
    {
        var problems = new List<string>();
        var keys = new HashSet<string>();
        foreach (var record in Records)
        {
            if (!keys.Add(record.Key)) problems.Add($"record key {record.Key} is used twice");
            if (record.Project is { } p && !Projects.ContainsKey(p)) problems.Add($"record {record.Key}: unknown project {p}");
        }
        if (Queries.Select(q => q.Id).Distinct().Count() != Queries.Count) problems.Add("query ids are not unique");
        foreach (var query in Queries)
        {
            if (query.MustTop3.Count is < 1 or > MustRankWithin) problems.Add($"{query.Id}: mustTop3 holds 1 to {MustRankWithin} keys");
            foreach (var key in query.Grades().Keys.Where(k => !keys.Contains(k))) problems.Add($"{query.Id}: unknown record {key}");
            foreach (var (key, grade) in query.Relevant ?? new Dictionary<string, int>())
                if (grade is < 1 or > MaxGrade) problems.Add($"{query.Id}: grade of {key} is not 1..{MaxGrade}");
            foreach (var alias in query.Projects ?? []) if (!Projects.ContainsKey(alias)) problems.Add($"{query.Id}: unknown project {alias}");
        }
        if (!Projects.ContainsKey(MainProject)) problems.Add($"projects has no \"{MainProject}\"");
        if (problems.Count > 0) throw new InvalidDataException($"{path}: {string.Join("; ", problems)}");
    }
}
