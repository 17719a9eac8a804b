namespace ClaudeMem.Http.Context;

/// <summary>
/// POST /v1/context: with a query, the TypeScript server's answer (<c>observations</c> and their
/// contents joined as <c>context</c>); without one, the session-start block, as
/// GET /v1/context/session-start gives it.
/// </summary>
public sealed record ContextRequest(
    string? ProjectId = null,
    IReadOnlyList<string>? Projects = null,
    string? Query = null,
    int? Limit = null,
    int? Observations = null,
    int? Summaries = null,
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<string>? Concepts = null,
    int? Full = null,
    int? Budget = null);
