using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Search;
using ClaudeMem.Http.Docs;
using ClaudeMem.Http.Search;

namespace ClaudeMem.Http.Context;

public static class ContextEndpoint
{
    public const int DefaultObservations = 50;
    public const int MaxObservations = 200;
    public const int DefaultSummaries = 1;
    public const int MaxSummaries = 5;
    public const int DefaultFull = 3;
    public const int DefaultQueryLimit = 10;

    [WolverinePost("/v1/context"), Authorize(Policy = ScopePolicies.Read)]
    [AnswersOneOf(StatusCodes.Status200OK, typeof(ContextSearchAnswer), typeof(SessionStartContext))]
    public static async Task<IResult> Post(ContextRequest request, HttpContext context, SearchQueries search, IQuerySession query,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (request.Query is not null && !string.IsNullOrWhiteSpace(QueryText.Clean(request.Query)))
        {
            var (criteria, error) = new SearchRequest(request.ProjectId, request.Projects, request.Query, Types: request.Types,
                Concepts: request.Concepts, Limit: request.Limit ?? DefaultQueryLimit).ToCriteria(caller, now);
            if (error is not null) return error;
            var found = await search.SearchAsync(criteria!, ct);
            return Results.Json(new ContextSearchAnswer(
                found.Hits.Select(h => SearchResults.Compatible(h, caller.TeamId)),
                string.Join("\n\n", found.Hits.Select(h => h.Body)),
                found.MatchMode));
        }
        return await BlockAsync(request, caller, search, query, now, ct);
    }

    [WolverineGet("/v1/context/session-start"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SessionStartContext>(StatusCodes.Status200OK)]
    [QueryParameter("projectId", typeof(string), "one project (a project-scoped key's own when omitted)")]
    [QueryParameter("projects", typeof(string), "several projects, comma-separated")]
    [QueryParameter("types", typeof(string), "observation types, comma-separated")]
    [QueryParameter("concepts", typeof(string), "concepts, comma-separated")]
    [QueryParameter("observations", typeof(int), "how many observations and memories, 0..200, default 50")]
    [QueryParameter("summaries", typeof(int), "how many session summaries, 0..5, default 1")]
    [QueryParameter("full", typeof(int), "how many of them in full, default 3")]
    [QueryParameter("budget", typeof(int), "the block's size limit in bytes")]
    public static async Task<IResult> Get(HttpContext context, SearchQueries search, IQuerySession query, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        var numbers = new[] { "observations", "summaries", "full", "budget" }.Select(n => QueryNumbers.Int(q, n)).ToArray();
        if (numbers.FirstOrDefault(n => n.Error is not null).Error is { } error) return error;
        var lists = SearchRequest.FromQueryString(q);
        var request = new ContextRequest(lists.ProjectId, lists.Projects, null, null,
            numbers[0].Value, numbers[1].Value, lists.Types, lists.Concepts, numbers[2].Value, numbers[3].Value);
        return await BlockAsync(request, Caller.From(context), search, query, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct);
    }

    private static async Task<IResult> BlockAsync(ContextRequest request, Caller caller, SearchQueries search, IQuerySession query, long now, CancellationToken ct)
    {
        var invalid = Check.First(
            request.Observations is < 0 or > MaxObservations ? ApiErrors.Invalid("observations", $"observations must be between 0 and {MaxObservations}") : null,
            request.Summaries is < 0 or > MaxSummaries ? ApiErrors.Invalid("summaries", $"summaries must be between 0 and {MaxSummaries}") : null,
            request.Full is < 0 or > MaxObservations ? ApiErrors.Invalid("full", $"full must be between 0 and {MaxObservations}") : null,
            request.Budget is < SessionStartBlock.MinByteBudget or > SessionStartBlock.MaxByteBudget
                ? ApiErrors.Invalid("budget", $"budget must be between {SessionStartBlock.MinByteBudget} and {SessionStartBlock.MaxByteBudget} bytes") : null);
        if (invalid is not null) return invalid;
        var observationCount = request.Observations ?? DefaultObservations;
        var summaryCount = request.Summaries ?? DefaultSummaries;
        var (criteria, error) = new SearchRequest(request.ProjectId, request.Projects, Kinds: [SearchKinds.Observation, SearchKinds.Memory],
            Types: request.Types, Concepts: request.Concepts, Limit: Math.Max(1, observationCount)).ToCriteria(caller, now);
        if (error is not null) return error;

        var hits = observationCount == 0 ? [] : (await search.SearchAsync(criteria!, ct)).Hits;
        var full = hits.Take(request.Full ?? DefaultFull).ToList();
        var observations = await query.LoadManyAsync<ObservationView>(ct, full.Where(h => h.Kind == SearchKinds.Observation).Select(h => h.Id));
        var memories = await query.LoadManyAsync<MemoryView>(ct, full.Where(h => h.Kind == SearchKinds.Memory).Select(h => h.Id));
        var entries = hits.Select(h =>
        {
            var observation = observations.FirstOrDefault(o => o.Id == h.Id);
            var memory = memories.FirstOrDefault(m => m.Id == h.Id);
            return new BlockEntry(h.Id, h.Kind, h.Type, h.Title, h.CreatedAtEpoch,
                observation?.Narrative ?? memory?.Text, observation?.Facts ?? memory?.Facts ?? []);
        }).ToList();

        var summaryHits = summaryCount == 0 ? [] : (await search.SearchAsync(criteria! with
            { Kinds = [SearchKinds.Summary], Types = [], Concepts = [], Limit = summaryCount }, ct)).Hits;
        var summaryViews = await query.LoadManyAsync<SummaryView>(ct, summaryHits.Select(h => h.Id));
        var summaries = summaryHits.Select(h => summaryViews.FirstOrDefault(s => s.Id == h.Id)).OfType<SummaryView>()
            .Select(s => new BlockSummary(s.CreatedAtEpoch, s.Request, s.Learned, s.Completed, s.NextSteps)).ToList();

        var text = SessionStartBlock.Render(criteria!.Projects, entries, summaries,
            new BlockOptions(request.Budget ?? SessionStartBlock.DefaultByteBudget, request.Full ?? DefaultFull));
        return Results.Json(new SessionStartContext(text, criteria.Projects, entries.Count, summaries.Count, SessionStartBlock.Bytes(text)));
    }
}
