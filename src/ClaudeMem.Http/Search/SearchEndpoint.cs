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
