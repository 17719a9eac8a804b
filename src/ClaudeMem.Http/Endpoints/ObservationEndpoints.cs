using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaudeMem.Http.Endpoints;

/// <summary>The observations generated from one event, oldest first.</summary>
public sealed record EventObservations(IReadOnlyList<ObservationView> Observations);

public sealed record SummaryAnswer(SummaryView Summary);

public static class EventObservationsEndpoint
{
    [WolverineGet("/v1/events/{id}/observations"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<EventObservations>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var source = await query.LoadAsync<AgentEventView>(id, ct);
        if (source is null || !Caller.From(context).MaySee(source.TeamId, source.ProjectId)) return ApiErrors.Missing("event");
        var observations = await query.Query<ObservationView>().Where(o => o.SourceEventId == id).OrderBy(o => o.Id).ToListAsync(ct);
        return Results.Json(new EventObservations(observations));
    }
}

public static class SessionSummaryEndpoint
{
    [WolverineGet("/v1/sessions/{id}/summary"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<SummaryAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var summary = await query.LoadAsync<SummaryView>(id, ct);
        return summary is not null && Caller.From(context).MaySee(summary.TeamId, summary.ProjectId)
            ? Results.Json(new SummaryAnswer(summary))
            : ApiErrors.Missing("summary");
    }
}
