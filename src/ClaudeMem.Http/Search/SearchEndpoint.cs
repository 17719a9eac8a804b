using ClaudeMem.Events.Search;
using ClaudeMem.Http.Auth;
using Microsoft.AspNetCore.Authorization;
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
    public static Task<IResult> Post(SearchRequest request, HttpContext context, SearchQueries search, TimeProvider clock, CancellationToken ct) =>
        RunAsync(request, context, search, clock, ct);

    [WolverineGet("/v1/search"), Authorize(Policy = ScopePolicies.Read)]
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
        return Results.Json(new
        {
            results = found.Hits.Select(SearchResults.Result),
            observations = found.Hits.Select(h => SearchResults.Compatible(h, caller.TeamId)),
            matchMode = found.MatchMode,
            query = criteria!.Query,
            orderBy = SearchRequest.Orders.First(o => o.Value == criteria.Order).Key,
            limit = criteria.Limit,
            offset = criteria.Offset,
        });
    }
}

/// <summary>How a hit is shown: our result shape, and the TypeScript server's item shape.</summary>
public static class SearchResults
{
    public static object Result(SearchHit hit) => new
    {
        kind = hit.Kind,
        id = hit.Id,
        score = hit.Score,
        snippet = hit.Snippet,
        projectId = hit.ProjectId,
        sessionId = hit.SessionId,
        type = hit.Type,
        title = hit.Title,
        subtitle = hit.Subtitle,
        concepts = hit.Concepts,
        filesRead = hit.FilesRead,
        filesModified = hit.FilesModified,
        createdAtEpoch = hit.CreatedAtEpoch,
    };

    public static object Compatible(SearchHit hit, string teamId) => new
    {
        id = hit.Id,
        projectId = hit.ProjectId,
        teamId,
        serverSessionId = hit.SessionId,
        kind = hit.Kind,
        content = hit.Body,
        metadata = new { type = hit.Type, title = hit.Title, subtitle = hit.Subtitle, concepts = hit.Concepts, filesRead = hit.FilesRead, filesModified = hit.FilesModified, score = hit.Score },
        createdAtEpoch = hit.CreatedAtEpoch,
        updatedAtEpoch = hit.CreatedAtEpoch,
    };
}
