using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.Jobs;

public static class ListJobsEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    [WolverineGet("/v1/jobs"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<JobPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(HttpContext context, IQuerySession query, CancellationToken ct,
        string? status, string? sourceType, string? kind, string? projectId, int? limit, int? offset)
    {
        if (status is not null && !JobStatuses.All.Contains(status))
            return ApiErrors.Invalid("status", $"status must be one of {string.Join(", ", JobStatuses.All)}");
        if (sourceType is not null and not (JobSourceTypes.Event or JobSourceTypes.Session))
            return ApiErrors.Invalid("sourceType", $"sourceType must be {JobSourceTypes.Event} or {JobSourceTypes.Session}");
        if (kind is not null && !JobKinds.All.Contains(kind))
            return ApiErrors.Invalid("kind", $"kind must be one of {string.Join(", ", JobKinds.All)}");
        if (limit is < 1 or > MaxLimit) return ApiErrors.Invalid("limit", $"limit must be 1..{MaxLimit}");
        if (offset is < 0) return ApiErrors.Invalid("offset", "offset must not be negative");

        var caller = Caller.From(context);
        var scopedProject = caller.ProjectId ?? projectId;
        if (projectId is not null && !caller.MayUseProject(projectId)) return ApiErrors.ForbiddenProject(projectId);

        var jobs = query.Query<GenerationJobView>().Where(j => j.TeamId == caller.TeamId);
        if (scopedProject is not null) jobs = jobs.Where(j => j.ProjectId == scopedProject);
        if (status is not null) jobs = jobs.Where(j => j.Status == status);
        if (sourceType is not null) jobs = jobs.Where(j => j.SourceType == sourceType);
        if (kind is not null) jobs = jobs.Where(j => j.Kind == kind);

        var total = await jobs.CountAsync(ct);
        var page = await jobs.OrderByDescending(j => j.CreatedAtEpoch).Skip(offset ?? 0).Take(limit ?? DefaultLimit).ToListAsync(ct);
        return Results.Json(new JobPage(page.Select(j => JobDescriptor.From(j)!), total, limit ?? DefaultLimit, offset ?? 0));
    }
}
