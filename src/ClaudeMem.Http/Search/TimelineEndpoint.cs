using System.Globalization;
using ClaudeMem.Events.Search;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Docs;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaudeMem.Http.Search;

/// <summary>
/// Observations, summaries, memories and prompts in time order around an anchor: a record id,
/// a session id (its start), an epoch-ms moment, or the best match of a query.
/// </summary>
public static class TimelineEndpoint
{
    public const int DefaultDepth = 10;
    public const int MaxDepth = 100;

    [WolverineGet("/v1/timeline"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<TimelineAnswer>(StatusCodes.Status200OK)]
    [QueryParameter("anchor", typeof(string), "a record id, a session id (its start) or epoch milliseconds; else the best match of query and the filters")]
    [QueryParameter("before", typeof(int), "records before the anchor, 0..100, default 10 (also depth_before)")]
    [QueryParameter("after", typeof(int), "records after the anchor, 0..100, default 10 (also depth_after)")]
    [SearchFiltersInQuery]
    public static async Task<IResult> Get(HttpContext context, SearchQueries search, IQuerySession query, TimeProvider clock, CancellationToken ct)
    {
        var q = context.Request.Query;
        var caller = Caller.From(context);
        var (before, beforeError) = Depth(q, "before", "depth_before");
        var (after, afterError) = Depth(q, "after", "depth_after");
        if ((beforeError ?? afterError) is { } depthError) return depthError;
        var anchorText = q["anchor"].LastOrDefault();
        var queryText = q["query"].LastOrDefault();
        if (anchorText is null && string.IsNullOrWhiteSpace(queryText))
            return ApiErrors.Invalid("anchor", "send anchor (a record id, a session id or epoch milliseconds) or query");
        var lists = SearchRequest.FromQueryString(q);
        var requestedProjects = lists.ProjectId is not null || lists.Projects is not null;

        long anchorEpoch;
        Guid? anchorId = null;
        IReadOnlyList<string>? projects = null;
        if (anchorText is not null)
        {
            if (Guid.TryParse(anchorText, out var id))
            {
                if ((await search.FindAsync(caller.TeamId, [id], ct)).FirstOrDefault(h => caller.MayUseProject(h.ProjectId)) is { } record)
                {
                    (anchorEpoch, anchorId) = (record.CreatedAtEpoch, record.Id);
                    if (!requestedProjects) projects = [record.ProjectId];
                }
                else if (await query.LoadAsync<SessionView>(id, ct) is { } session && caller.MaySee(session.TeamId, session.ProjectId))
                {
                    anchorEpoch = session.StartedAtEpoch;
                    if (!requestedProjects) projects = [session.ProjectId];
                }
                else return ApiErrors.Missing("anchor");
            }
            else if (long.TryParse(anchorText, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                if (Check.Epoch(epoch, "anchor") is { } invalid) return invalid;
                anchorEpoch = epoch;
            }
            else return ApiErrors.Invalid("anchor", "anchor must be a record id, a session id or epoch milliseconds");
        }
        else
        {
            var (criteria, error) = (lists with { Limit = 1, OrderBy = null }).ToCriteria(caller, clock.GetUtcNow().ToUnixTimeMilliseconds());
            if (error is not null) return error;
            var best = (await search.SearchAsync(criteria!, ct)).Hits.FirstOrDefault();
            if (best is null) return Results.Json(new TimelineAnswer(null, criteria!.Projects, []));
            (anchorEpoch, anchorId, projects) = (best.CreatedAtEpoch, best.Id, criteria!.Projects);
        }

        if (projects is null)
        {
            var (resolved, error) = ProjectScope.Resolve(lists.ProjectId, lists.Projects, caller);
            if (error is not null) return error;
            projects = resolved!;
        }
        var items = await search.TimelineAsync(caller.TeamId, projects, anchorEpoch, anchorId, before, after, ct);
        return Results.Json(new TimelineAnswer(new TimelineAnchor(anchorId, anchorEpoch), projects, items.Select(h =>
            new TimelineItem(h.Kind, h.Id, h.CreatedAtEpoch, h.Type, h.Title, h.ProjectId, h.SessionId, h.Id == anchorId))));
    }

    private static (int, IResult?) Depth(IQueryCollection q, string name, string legacyName)
    {
        var (value, error) = QueryNumbers.Int(q, q.ContainsKey(name) ? name : legacyName);
        if (error is not null) return (0, error);
        return value is < 0 or > MaxDepth ? (0, ApiErrors.Invalid(name, $"{name} must be between 0 and {MaxDepth}")) : (value ?? DefaultDepth, null);
    }
}
