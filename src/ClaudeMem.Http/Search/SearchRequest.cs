using System.Text.Json;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Search;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Docs;
using ClaudeMem.Http.Infrastructure;

namespace ClaudeMem.Http.Search;

/// <summary>
/// A search as clients send it: the JSON body of POST /v1/search, or the same names in GET's
/// query string (lists comma-separated or repeated). <c>type</c> is the TypeScript server's
/// single-type filter; <c>types</c> takes several.
/// </summary>
public sealed record SearchRequest(
    string? ProjectId = null,
    IReadOnlyList<string>? Projects = null,
    string? Query = null,
    IReadOnlyList<string>? Kinds = null,
    string? Type = null,
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<string>? Concepts = null,
    IReadOnlyList<string>? Files = null,
    Guid? SessionId = null,
    JsonElement? DateStart = null,
    JsonElement? DateEnd = null,
    string? OrderBy = null,
    int? Limit = null,
    int? Offset = null)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxOffset = 10_000;
    public const int MaxQueryChars = 1000;
    public const int MaxListItems = 20;

    public static readonly IReadOnlyDictionary<string, SearchOrder> Orders = new Dictionary<string, SearchOrder>
    {
        ["relevance"] = SearchOrder.Relevance, ["date_desc"] = SearchOrder.DateDesc, ["date_asc"] = SearchOrder.DateAsc,
    };

    /// <summary>The criteria to run, or the 400/403 that names what is wrong.</summary>
    public (SearchCriteria? Criteria, IResult? Error) ToCriteria(Caller caller, long nowEpoch, bool queryOrFilterRequired = true)
    {
        var (projects, projectError) = ProjectScope.Resolve(ProjectId, Projects, caller);
        if (projectError is not null) return (null, projectError);
        var query = Query is null ? null : QueryText.Clean(Query);
        if (query?.Length > MaxQueryChars) return (null, ApiErrors.Invalid("query", $"query is longer than {MaxQueryChars} characters"));
        if (string.IsNullOrWhiteSpace(query)) query = null;

        var types = (Types ?? []).Concat(Type is null ? [] : [Type]).ToList();
        var error = Check.First(
            Items(Kinds, "kinds", k => SearchKinds.All.Contains(k), $"one of {string.Join(", ", SearchKinds.All)}"),
            Items(types, Types is null ? "type" : "types", t => ObservationTypes.All.Contains(t), $"one of {string.Join(", ", ObservationTypes.All)}"),
            Items(Concepts, "concepts", c => c.Length <= Check.MaxNameLength && !c.Any(char.IsControl), "a concept or its prefix"),
            Items(Files, "files", f => f.Length <= 1024 && !f.Any(char.IsControl), "a path or folder"),
            Limit is < 1 or > MaxLimit ? ApiErrors.Invalid("limit", $"limit must be between 1 and {MaxLimit}") : null,
            Offset is < 0 or > MaxOffset ? ApiErrors.Invalid("offset", $"offset must be between 0 and {MaxOffset}") : null,
            OrderBy is not null && !Orders.ContainsKey(OrderBy) ? ApiErrors.Invalid("orderBy", "orderBy must be relevance, date_desc or date_asc") : null,
            OrderBy == "relevance" && query is null ? ApiErrors.Invalid("orderBy", "orderBy relevance needs a query") : null);
        if (error is not null) return (null, error);
        var (start, startError) = Dates.Parse(DateStart, "dateStart");
        var (end, endError) = Dates.Parse(DateEnd, "dateEnd");
        if ((startError ?? endError) is { } dateError) return (null, dateError);
        if (start > end) return (null, ApiErrors.Invalid("dateStart", "dateStart is after dateEnd"));

        var criteria = new SearchCriteria(caller.TeamId, projects!, query, Distinct(Kinds), types.Distinct().ToList(),
            Distinct(Concepts), Distinct(Files?.Select(f => f.Trim()).ToList()), SessionId, start, end,
            OrderBy is null ? (query is null ? SearchOrder.DateDesc : SearchOrder.Relevance) : Orders[OrderBy],
            Limit ?? DefaultLimit, Offset ?? 0, nowEpoch);
        if (queryOrFilterRequired && query is null && !criteria.HasFilter)
            return (null, ApiErrors.Invalid("query", "send a query, a filter (kinds, types, concepts, files, sessionId, dateStart, dateEnd), or both"));
        return (criteria, null);
    }

    /// <summary>What FromQueryString reads, for the routes' OpenAPI description (kept beside it so the two change together).</summary>
    public static readonly IReadOnlyList<QueryParameterAttribute> QueryStringParameters =
    [
        new("projectId", typeof(string), "one project (a project-scoped key's own when omitted)"),
        new("projects", typeof(string), "several projects, comma-separated"),
        new("query", typeof(string), $"the words to find (also 'q'), at most {MaxQueryChars} characters"),
        new("kinds", typeof(string), "comma-separated: observation, summary, memory, prompt"),
        new("type", typeof(string), "one observation type"),
        new("types", typeof(string), $"observation types, comma-separated, at most {MaxListItems}"),
        new("concepts", typeof(string), $"concepts, comma-separated, at most {MaxListItems}"),
        new("files", typeof(string), $"file paths, comma-separated, at most {MaxListItems}"),
        new("dateStart", typeof(string), "from this moment: epoch milliseconds or an ISO 8601 date"),
        new("dateEnd", typeof(string), "up to this moment: epoch milliseconds or an ISO 8601 date"),
        new("orderBy", typeof(string), "relevance (needs a query), date_desc or date_asc"),
    ];

    public static SearchRequest FromQueryString(IQueryCollection q) => new(
        ProjectId: q["projectId"].LastOrDefault(),
        Projects: ListOrNull(q, "projects"),
        Query: q["query"].LastOrDefault() ?? q["q"].LastOrDefault(),
        Kinds: ListOrNull(q, "kinds"),
        Type: q["type"].LastOrDefault(),
        Types: ListOrNull(q, "types"),
        Concepts: ListOrNull(q, "concepts"),
        Files: ListOrNull(q, "files"),
        SessionId: null,
        DateStart: q["dateStart"].LastOrDefault() is { } s ? JsonSerializer.SerializeToElement(s) : null,
        DateEnd: q["dateEnd"].LastOrDefault() is { } e ? JsonSerializer.SerializeToElement(e) : null,
        OrderBy: q["orderBy"].LastOrDefault());

    /// <summary>Numbers in a query string: a present but unparseable one is named, never silently defaulted.</summary>
    public static (SearchRequest? Request, IResult? Error) FromQuery(IQueryCollection q)
    {
        var request = FromQueryString(q);
        var (limit, limitError) = QueryNumbers.Int(q, "limit");
        var (offset, offsetError) = QueryNumbers.Int(q, "offset");
        Guid? session = null;
        if (q["sessionId"].LastOrDefault() is { } rawSession)
        {
            if (!Guid.TryParse(rawSession, out var parsed)) return (null, ApiErrors.Invalid("sessionId", "sessionId must be a UUID"));
            session = parsed;
        }
        return (limitError ?? offsetError) is { } error ? (null, error) : (request with { Limit = limit, Offset = offset, SessionId = session }, null);
    }

    private static IReadOnlyList<string>? ListOrNull(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var values)
            ? values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList()
            : null;

    private static IResult? Items(IReadOnlyList<string>? items, string field, Func<string, bool> valid, string expected)
    {
        if (items is null) return null;
        if (items.Count > MaxListItems) return ApiErrors.Invalid(field, $"{field} holds more than {MaxListItems} items");
        var bad = items.FirstOrDefault(i => string.IsNullOrWhiteSpace(i) || !valid(i));
        return bad is null && !items.Any(i => i is null) ? null : ApiErrors.Invalid(field, $"{field}: '{QueryText.Printable(bad ?? "")}' is not {expected}");
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string>? items) => items?.Distinct().ToList() ?? [];
}
