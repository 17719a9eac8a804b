using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;

namespace ClaudeMem.Http.Search;

/// <summary>
/// Which projects a read covers: <c>projectId</c>, or <c>projects</c> (a git worktree and its main
/// checkout, say), else the project the key is bound to.
/// </summary>
public static class ProjectScope
{
    public const int MaxProjects = 20;

    public static (IReadOnlyList<string>? Projects, IResult? Error) Resolve(string? projectId, IReadOnlyList<string>? projects, Caller caller)
    {
        var all = new List<string>();
        if (projectId is not null) all.Add(projectId);
        if (projects is not null) all.AddRange(projects);
        if (all.Count == 0 && caller.ProjectId is not null) all.Add(caller.ProjectId);
        if (all.Count == 0) return (null, ApiErrors.Invalid("projectId", "projectId or projects is required"));
        if (all.Count > MaxProjects) return (null, ApiErrors.Invalid("projects", $"at most {MaxProjects} projects"));
        var field = projectId is not null && projects is null ? "projectId" : "projects";
        foreach (var project in all)
        {
            if (Check.Identifier(project, field) is { } invalid) return (null, invalid);
            if (!caller.MayUseProject(project)) return (null, ApiErrors.ForbiddenProject(project));
        }
        return (all.Distinct().ToList(), null);
    }
}
