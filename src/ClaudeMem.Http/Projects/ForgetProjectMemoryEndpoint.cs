using ClaudeMem.Events.Search;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace ClaudeMem.Http.Projects;

/// <summary>
/// Forgets what a project remembers (observations, summaries, memories, prompts) as of now, and
/// answers how many records of each kind went. The events stay in the log; a rebuild forgets again.
/// </summary>
public static class ForgetProjectMemoryEndpoint
{
    [WolverineDelete("/v1/projects/{projectId}/memory"), Authorize(Policy = ScopePolicies.Admin)]
    public static async Task<IResult> Delete(string projectId, HttpContext context, IDocumentSession session, SearchQueries search,
        TimeProvider clock, CancellationToken ct)
    {
        if (Check.Identifier(projectId, "projectId") is { } invalid) return invalid;
        var caller = Caller.From(context);
        if (!caller.MayUseProject(projectId)) return ApiErrors.Missing("project");
        var removed = await search.CountByKindAsync(caller.TeamId, projectId, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        session.Events.Append(ProjectMemoryForgotten.StreamIdFor(caller.TeamId, projectId), new ProjectMemoryForgotten(caller.TeamId, projectId, now));
        AuditActions.Record(session, context, caller, AuditActions.ProjectMemoryForgotten, projectId, projectId, now);
        await session.SaveChangesAsync(ct);
        return Results.Json(new { projectId, forgottenAtEpoch = now, removed });
    }
}
