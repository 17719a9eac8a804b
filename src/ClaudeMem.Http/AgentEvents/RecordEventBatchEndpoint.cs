using ClaudeMem.Http.Configuration;
using Wolverine.Marten;

namespace ClaudeMem.Http.AgentEvents;

public static class RecordEventBatchEndpoint
{
    public const int MaxEvents = 500;

    public static IResult Validate(RecordEventBatchRequest? request, HttpContext context)
    {
        if (request?.Events is null) return ApiErrors.Invalid("events", "events is required: an array of 1 to 500 events");
        if (request.Events.Count is 0 or > MaxEvents)
            return ApiErrors.Invalid("events", $"events must hold 1 to {MaxEvents} events, got {request.Events.Count}");
        var caller = Caller.From(context);
        for (var i = 0; i < request.Events.Count; i++)
        {
            if (AgentEventRecording.Validate(request.Events[i], $"events[{i}].", caller) is { } problem) return problem;
            if (request.Events[i]!.ProjectId != request.Events[0]!.ProjectId)
                return ApiErrors.Invalid($"events[{i}].projectId", "all events of a batch must belong to one project");
        }
        return WolverineContinue.Result();
    }

    /// <summary>All or nothing: one transaction for every event of the batch.</summary>
    [WolverinePost("/v1/events/batch"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<EventBatchAnswer>(StatusCodes.Status201Created), ProducesResponseType<EventBatchAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(RecordEventBatchRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, ServerSettings settings, TimeProvider clock, CancellationToken ct, bool? generate)
    {
        var outcome = await AgentEventRecording.RecordAsync(store, outbox, context, Caller.From(context),
            request.Events!.Select(e => e!).ToList(), generate ?? true ? settings.QueueEngine : null, clock, ct);
        if (outcome.Problem is not null) return outcome.Problem;
        var created = outcome.Events.Count(e => e.Created);
        // The events without their payloads: a batch of megabytes is not echoed back (GET /v1/events/{id} has each).
        return Results.Json(new EventBatchAnswer(outcome.Events.Select(e => BatchedEvent.Of(e.View)), outcome.Events.Select(e => e.Job),
            created, outcome.Events.Count - created), statusCode: created > 0 ? 201 : 200);
    }
}
