using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaudeMem.Http.Endpoints;

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

public static class GetJobEndpoint
{
    /// <summary>The job; its payload (the source event's) only for admin keys.</summary>
    [WolverineGet("/v1/jobs/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<JobAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var job = await JobAccess.LoadAsync(query, caller, id, ct);
        if (job is null) return ApiErrors.Missing("job");
        object? payload = null;
        if (caller.HasScope(ScopePolicies.Admin) && job.SourceType == JobSourceTypes.Event)
            payload = (await query.LoadAsync<AgentEventView>(job.SourceId, ct))?.Payload;
        return Results.Json(new JobAnswer(JobDescriptor.From(job, payload)!));
    }
}

public static class RetryJobEndpoint
{
    /// <summary>A failed or cancelled job runs again under the same id; a completed one is a 409.</summary>
    /// <remarks>Only the requeue event is written: the server's requeue subscription dispatches it, as it does the CLI's (<see cref="RequeueDispatch"/>).</remarks>
    [WolverinePost("/v1/jobs/{id}/retry"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<GenerationJobAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string id, HttpContext context, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        JobAccess.TransitionAsync(store, context, id, AuditActions.JobRetried, clock, ct,
            job => JobTransitions.Retry(job, clock.GetUtcNow().ToUnixTimeMilliseconds()), JobTransitions.RetryRefusal);
}

public static class CancelJobEndpoint
{
    /// <summary>A job not yet finished is cancelled (cancelling twice is fine); a completed or failed one is a 409.</summary>
    [WolverinePost("/v1/jobs/{id}/cancel"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<GenerationJobAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static Task<IResult> Post(string id, HttpContext context, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        JobAccess.TransitionAsync(store, context, id, AuditActions.JobCancelled, clock, ct,
            job => JobTransitions.Cancel(job, clock.GetUtcNow().ToUnixTimeMilliseconds()), JobTransitions.CancelRefusal);
}

public static class JobAccess
{
    public static async Task<GenerationJobView?> LoadAsync(IQuerySession query, Caller caller, string jobId, CancellationToken ct)
    {
        if (!JobIds.LooksValid(jobId)) return null;
        var job = await query.LoadAsync<GenerationJobView>(JobIds.StreamOf(jobId), ct);
        return job is not null && caller.MaySee(job.TeamId, job.ProjectId) ? job : null;
    }

    /// <param name="refusal">Why the transition does not apply to this job (409), or null when the job is already where it was asked to go.</param>
    public static async Task<IResult> TransitionAsync(IDocumentStore store, HttpContext context, string jobId, string auditAction,
        TimeProvider clock, CancellationToken ct, Func<GenerationJobView, object?> decide, Func<GenerationJobView, string?> refusal,
        Func<IDocumentSession, GenerationJobView, Task>? beforeSave = null)
    {
        var caller = Caller.From(context);
        await using (var query = store.QuerySession())
            if (await LoadAsync(query, caller, jobId, ct) is null) return ApiErrors.Missing("job");

        var appended = false;
        var job = await JobStreams.DecideAsync(store, jobId, current =>
        {
            var next = decide(current);
            appended = next is not null;
            return next;
        }, ct, (session, next) =>
        {
            AuditActions.Record(session, context, caller, auditAction, next.ProjectId, jobId, clock.GetUtcNow().ToUnixTimeMilliseconds());
            return beforeSave?.Invoke(session, next) ?? Task.CompletedTask;
        });
        if (!appended && refusal(job!) is { } reason)
            return Results.Json(new ApiErrors.Body(ApiErrors.Conflict, reason), statusCode: StatusCodes.Status409Conflict);
        return Results.Json(new GenerationJobAnswer(JobDescriptor.From(job)!));
    }
}
