using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Projects;

public static class ForgetProjectMemoryEndpoint
{
    [WolverineDelete("/v1/projects/{projectId}/memory"), Authorize(Policy = ScopePolicies.Admin)]
    [ProducesResponseType<ProjectForgotten>(StatusCodes.Status200OK)]
    public static async Task<IResult> Delete(string projectId, HttpContext context, IDocumentSession session, SearchQueries search,
        TimeProvider clock, CancellationToken ct)
    {
        if (Check.Identifier(projectId, "projectId") is { } invalid) return invalid;
        var caller = Caller.From(context);
        if (!caller.MayUseProject(projectId)) return ApiErrors.Missing("project");
        var removed = await search.CountByKindAsync(caller.TeamId, projectId, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        session.Events.Append(ProjectMemoryForgotten.StreamIdFor(caller.TeamId, projectId), new ProjectMemoryForgotten(caller.TeamId, projectId, now));
        // Each memory's own stream records its deletion, so its snapshot goes in the same way on a rebuild.
        var memories = await session.Query<MemoryView>().Where(m => m.TeamId == caller.TeamId && m.ProjectId == projectId).Select(m => m.Id).ToListAsync(ct);
        foreach (var memory in memories) session.Events.Append(memory, new MemoryDeleted(memory, caller.TeamId, projectId, now));
        AuditActions.Record(session, context, caller, AuditActions.ProjectMemoryForgotten, projectId, projectId, now);
        await session.SaveChangesAsync(ct);
        return Results.Json(new ProjectForgotten(projectId, now, new RemovedRecords(removed[SearchKinds.Observation], removed[SearchKinds.Summary],
            removed[SearchKinds.Memory], removed[SearchKinds.Prompt])));
    }
}
