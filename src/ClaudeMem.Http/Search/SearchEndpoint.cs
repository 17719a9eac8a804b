using ClaudeMem.Events.Search;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Docs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaudeMem.Http.Search;

/// <summary>
/// Ranked search over observations, summaries, memories and prompts. The answer carries our
/// <c>results</c> and, for clients of the TypeScript server, the same hits as <c>observations</c>
/// items with <c>kind</c> and <c>content</c>.
/// </summary>
public static class SearchEndpoint
{
    [WolverinePost("/v1/search"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SearchAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(SearchRequest request, HttpContext context, SearchQueries search, TimeProvider clock, CancellationToken ct) =>
        RunAsync(request, context, search, clock, ct);

    [WolverineGet("/v1/search"), Authorize(Policy = ScopePolicies.Read)]
    [SearchFiltersInQuery, QueryParameter("sessionId", typeof(Guid), "one session's records")]
    [QueryParameter("limit", typeof(int), "1..100, default 20"), QueryParameter("offset", typeof(int), "0..10000, default 0")]
    [ProducesResponseType<SearchAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(HttpContext context, SearchQueries search, TimeProvider clock, CancellationToken ct)
    {
        var (request, error) = SearchRequest.FromQuery(context.Request.Query);
        return error is not null ? Task.FromResult(error) : RunAsync(request!, context, search, clock, ct);
    }

    private static async Task<IResult> RunAsync(SearchRequest request, HttpContext context, SearchQueries search, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var (criteria, error) = request.ToCriteria(caller, clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (error is not null) return error;
        var found = await search.SearchAsync(criteria!, ct);
        return Results.Json(new SearchAnswer(
            found.Hits.Select(SearchResults.Result),
            found.Hits.Select(h => SearchResults.Compatible(h, caller.TeamId)),
            found.MatchMode,
            criteria!.Query,
            SearchRequest.Orders.First(o => o.Value == criteria.Order).Key,
            criteria.Limit,
            criteria.Offset));
    }
}

/// <summary>The search answer: our <c>results</c>, and the same hits as the TypeScript server's <c>observations</c>.</summary>
public sealed record SearchAnswer(
    IEnumerable<RankedHit> Results,
    IEnumerable<CompatibleHit> Observations,
    string MatchMode,
    string? Query,
    string OrderBy,
    int Limit,
    int Offset);

/// <summary>One hit in our shape.</summary>
public sealed record RankedHit(
    string Kind, Guid Id, double? Score, string Snippet, string ProjectId, Guid? SessionId, string? Type, string Title,
    string? Subtitle, IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified,
    long CreatedAtEpoch);

/// <summary>One hit as the TypeScript server's search and context items: <c>kind</c> and <c>content</c>, the rest in <c>metadata</c>.</summary>
public sealed record CompatibleHit(
    Guid Id, string ProjectId, string TeamId, Guid? ServerSessionId, string Kind, string Content, CompatibleHitMetadata Metadata,
    long CreatedAtEpoch, long UpdatedAtEpoch);

public sealed record CompatibleHitMetadata(
    string? Type, string Title, string? Subtitle, IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesModified, double? Score);

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
