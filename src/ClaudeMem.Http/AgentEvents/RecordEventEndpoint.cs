using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Jobs;
using Wolverine.Marten;

namespace ClaudeMem.Http.AgentEvents;

public static class RecordEventEndpoint
{
    public static IResult Validate(RecordEventRequest? request, HttpContext context) =>
        AgentEventRecording.Validate(request, "", Caller.From(context)) ?? WolverineContinue.Result();

    public const int DefaultWaitMs = 30_000;
    public const int MaxWaitMs = 120_000;

    /// <summary>
    /// 201 with the new event and its generation job; 200 with the existing ones when its
    /// sourceEventId was seen before. With wait=true, answers once the job is terminal, or
    /// after waitMs with waitTimedOut: true.
    /// </summary>
    [WolverinePost("/v1/events"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<EventRecordedAnswer>(StatusCodes.Status201Created), ProducesResponseType<EventRecordedAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(RecordEventRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, JobWaiter waiter, ServerSettings settings, TimeProvider clock, CancellationToken ct,
        bool? generate, bool? wait, int? waitMs)
    {
        if (waitMs is < 1 or > MaxWaitMs) return ApiErrors.Invalid("waitMs", $"waitMs must be 1..{MaxWaitMs}");
        var outcome = await AgentEventRecording.RecordAsync(store, outbox, context, Caller.From(context), [request],
            generate ?? true ? settings.QueueEngine : null, clock, ct);
        if (outcome.Problem is not null) return outcome.Problem;
        var recorded = outcome.Events[0];
        var status = recorded.Created ? 201 : 200;
        if (wait != true || recorded.Job is null)
            return Results.Json(new EventRecordedAnswer(recorded.View, recorded.Job, recorded.Created), statusCode: status);

        var waited = await waiter.WaitForTerminalAsync(recorded.Job.Id, TimeSpan.FromMilliseconds(waitMs ?? DefaultWaitMs), ct);
        return Results.Json(new EventRecordedAnswer(recorded.View, JobDescriptor.From(waited.Job) ?? recorded.Job, recorded.Created, waited.TimedOut),
            statusCode: status);
    }
}
