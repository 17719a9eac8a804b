using System.Runtime.InteropServices;
using System.Text.Json;
using ClaudeMem.Events;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaudeMem.Http.Endpoints;

public sealed record RecordEventRequest(
    string? ProjectId,
    Guid? ServerSessionId,
    string? ContentSessionId,
    string? SourceType,
    string? EventType,
    long? OccurredAtEpoch,
    JsonElement? Payload,
    string? SourceEventId,
    JsonElement? Metadata);

public sealed record RecordEventBatchRequest(IReadOnlyList<RecordEventRequest?>? Events);

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

public static class GetEventEndpoint
{
    [WolverineGet("/v1/events/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<EventAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var view = await query.LoadAsync<AgentEventView>(id, ct);
        return view is not null && Caller.From(context).MaySee(view.TeamId, view.ProjectId)
            ? Results.Json(new EventAnswer(view))
            : ApiErrors.Missing("event");
    }
}

/// <summary>The write path shared by the single and batch routes.</summary>
public static class AgentEventRecording
{
    public const int MaxEventTypeLength = 100;

    /// <summary>One event's payload and metadata, on every route: the batch route's larger body limit is for more events, not bigger ones.</summary>
    public const long MaxEventBytes = ServerApp.MaxBodyBytes;

    public sealed record Recorded(AgentEventView View, bool Created, JobDescriptor? Job);

    private static IResult? EventSize(RecordEventRequest request, string at)
    {
        long bytes = 0;
        if (request.Payload is { ValueKind: not JsonValueKind.Undefined } payload) bytes += JsonMarshal.GetRawUtf8Value(payload).Length;
        if (request.Metadata is { ValueKind: not JsonValueKind.Undefined } metadata) bytes += JsonMarshal.GetRawUtf8Value(metadata).Length;
        if (bytes <= MaxEventBytes) return null;
        var field = at + "payload";
        return Results.Json(new ApiErrors.Body(ApiErrors.PayloadTooLarge,
            $"{(at.Length > 0 ? $"event {at.TrimEnd('.')}" : "the event")} is {bytes} bytes of payload and metadata; an event may hold at most {MaxEventBytes}", field),
            statusCode: StatusCodes.Status413PayloadTooLarge);
    }

    public sealed record Outcome(IReadOnlyList<Recorded> Events, IResult? Problem);

    public static IResult? Validate(RecordEventRequest? request, string at, Caller caller)
    {
        if (request is null) return ApiErrors.Invalid(at.TrimEnd('.') is { Length: > 0 } f ? f : "body", "an event must be a JSON object");
        var invalid = Check.First(
            Check.Identifier(request.ProjectId, at + "projectId"),
            Check.Identifier(request.ContentSessionId, at + "contentSessionId", required: false),
            request.SourceType is null || !SourceTypes.All.Contains(request.SourceType)
                ? ApiErrors.Invalid(at + "sourceType", $"{at}sourceType must be one of {string.Join(", ", SourceTypes.All)}")
                : null,
            Check.Identifier(request.EventType, at + "eventType", max: MaxEventTypeLength),
            Check.Epoch(request.OccurredAtEpoch, at + "occurredAtEpoch"),
            request.Payload is null or { ValueKind: JsonValueKind.Undefined }
                ? ApiErrors.Invalid(at + "payload", $"{at}payload is required (any JSON value)")
                : null,
            Check.Identifier(request.SourceEventId, at + "sourceEventId", required: false),
            Check.OptionalObject(request.Metadata, at + "metadata"),
            EventSize(request, at));
        if (invalid is not null) return invalid;
        if (request.ServerSessionId is not null && request.ContentSessionId is not null)
            return ApiErrors.Invalid(at + "serverSessionId", "give serverSessionId or contentSessionId, not both");
        return caller.MayUseProject(request.ProjectId!) ? null : ApiErrors.ForbiddenProject(request.ProjectId!);
    }

    /// <summary>
    /// Events with a sourceEventId get a deterministic stream id: a replay finds the existing
    /// event, and a concurrent duplicate loses on the primary key, after which we reload once.
    /// </summary>
    /// <remarks>
    /// The first attempt inserts without looking: a replayed sourceEventId collides on the primary
    /// key, and the second attempt finds the existing events and answers them with 200.
    /// Each new event's generation job is started in the same transaction, and the message that
    /// pushes it to the queue is published through Wolverine's Marten outbox, so it is sent
    /// only once the transaction commits and is retried until it lands. If the retry after a
    /// collision publishes a job's message twice, the second dispatch of the same job id is a no-op.
    /// </remarks>
    /// <param name="generateWith">The transport of the new events' generation jobs; null records them without a job.</param>
    public static async Task<Outcome> RecordAsync(IDocumentStore store, IMartenOutbox outbox, HttpContext context,
        Caller caller, IReadOnlyList<RecordEventRequest> requests, string? generateWith, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(store, outbox, context, caller, requests, generateWith, lookForExisting: attempt > 0, clock, ct);
            }
            catch (Exception e) when (attempt == 0 && MartenConflicts.IsDuplicate(e))
            {
                // A concurrent request stored one of these events first: go again and find it.
            }
        }
    }

    private static async Task<Outcome> TryRecordAsync(IDocumentStore store, IMartenOutbox outbox, HttpContext context,
        Caller caller, IReadOnlyList<RecordEventRequest> requests, string? generateWith, bool lookForExisting, TimeProvider clock,
        CancellationToken ct)
    {
        var projectId = requests[0].ProjectId!;
        await using var session = store.LightweightSession();
        outbox.Enroll(session);

        var sessionIds = new Dictionary<(Guid?, string?), Guid>();
        foreach (var request in requests)
        {
            if (request.ServerSessionId is null && request.ContentSessionId is null) continue;
            var key = (request.ServerSessionId, request.ContentSessionId);
            if (sessionIds.ContainsKey(key)) continue;
            var sessionId = request.ServerSessionId ?? StreamIds.ForSession(caller.TeamId, projectId, request.ContentSessionId!);
            var owner = await session.LoadAsync<SessionView>(sessionId, ct);
            if (owner is null || !caller.MaySee(owner.TeamId, owner.ProjectId) || owner.ProjectId != projectId)
                return new([], ApiErrors.Missing(request.ServerSessionId is not null
                    ? $"session {request.ServerSessionId}" : $"session with contentSessionId '{request.ContentSessionId}'"));
            sessionIds[key] = sessionId;
        }

        var ids = requests.Select(r => r.SourceEventId is null
            ? Guid.CreateVersion7()
            : StreamIds.ForAgentEvent(caller.TeamId, projectId, r.SourceEventId)).ToList();
        var deterministic = ids.Where((_, i) => requests[i].SourceEventId is not null).Distinct().ToArray();
        // The first attempt just inserts: replays are rare, and the primary key catches them.
        var existing = deterministic.Length == 0 || !lookForExisting
            ? new Dictionary<Guid, AgentEventView>()
            : (await session.LoadManyAsync<AgentEventView>(ct, deterministic)).ToDictionary(v => v.Id);

        var existingJobs = existing.Count == 0
            ? new Dictionary<Guid, GenerationJobView>()
            : (await session.LoadManyAsync<GenerationJobView>(ct, existing.Keys.Select(e => JobIds.StreamOf(JobIds.ForEvent(e))).ToArray()))
                .ToDictionary(j => j.SourceId);

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new List<Recorded>(requests.Count);
        var createdInThisBatch = new Dictionary<Guid, Recorded>();
        for (var i = 0; i < requests.Count; i++)
        {
            var id = ids[i];
            if (existing.TryGetValue(id, out var seen))
            {
                results.Add(new Recorded(seen, false, JobDescriptor.From(existingJobs.GetValueOrDefault(id))));
                continue;
            }
            if (createdInThisBatch.TryGetValue(id, out var repeated))
            {
                results.Add(repeated with { Created = false });
                continue;
            }
            var request = requests[i];
            Guid? sessionId = request.ServerSessionId is null && request.ContentSessionId is null
                ? null
                : sessionIds[(request.ServerSessionId, request.ContentSessionId)];
            var recorded = new AgentEventRecorded(id, caller.TeamId, projectId, sessionId, request.SourceType!,
                request.EventType!, request.OccurredAtEpoch!.Value, request.Payload!.Value, request.SourceEventId,
                SessionStarts.NullIfJsonNull(request.Metadata), now);
            session.Events.StartStream<AgentEventView>(id, recorded);
            GenerationJobQueued? job = null;
            if (generateWith is { } transport)
            {
                job = JobRecords.ForEvent(id, caller.TeamId, projectId, sessionId, transport, now, caller.KeyId);
                session.Events.StartStream<GenerationJobView>(job.JobStreamId, job);
                await outbox.PublishAsync(DispatchGenerationJob.For(job));
            }
            var created = new Recorded(AgentEventView.Create(recorded), true, JobDescriptor.Queued(job));
            createdInThisBatch[id] = created;
            results.Add(created);
        }

        if (createdInThisBatch.Count > 0)
        {
            var action = requests.Count == 1 ? AuditActions.EventRecorded : AuditActions.EventBatchRecorded;
            var target = requests.Count == 1 ? ids[0].ToString() : $"{createdInThisBatch.Count} events";
            AuditActions.Record(session, context, caller, action, projectId, target, now);
            await session.SaveChangesAsync(ct);
        }
        return new(results, null);
    }
}
