using System.Runtime.InteropServices;
using System.Text.Json;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Events;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Jobs;
using Wolverine.Marten;

namespace ClaudeMem.Http.AgentEvents;

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

    /// <summary>A new event of the batch and its generation job (null when recorded without one).</summary>
    public sealed record NewEvent(AgentEventRecorded Event, GenerationJobQueued? Job);

    /// <summary>The answer for every request, in order, and the new events to append.</summary>
    public sealed record Decision(IReadOnlyList<Recorded> Answers, IReadOnlyList<NewEvent> New);

    /// <summary>
    /// Pure: an event already stored (in <paramref name="existing"/>) is answered as it is; one repeated
    /// within the batch is recorded once; every other is recorded, with a generation job when
    /// <paramref name="generateWith"/> names a transport.
    /// </summary>
    /// <param name="ids">Each request's event id (deterministic for a sourceEventId).</param>
    /// <param name="sessionIds">Each request's session id, null when it names none.</param>
    public static Decision Decide(IReadOnlyList<RecordEventRequest> requests, IReadOnlyList<Guid> ids, IReadOnlyList<Guid?> sessionIds,
        IReadOnlyDictionary<Guid, AgentEventView> existing, IReadOnlyDictionary<Guid, GenerationJobView> existingJobs,
        string teamId, string? keyId, string? generateWith, long nowEpoch)
    {
        var answers = new List<Recorded>(requests.Count);
        var created = new Dictionary<Guid, Recorded>();
        var fresh = new List<NewEvent>();
        for (var i = 0; i < requests.Count; i++)
        {
            var id = ids[i];
            if (existing.TryGetValue(id, out var seen))
            {
                answers.Add(new Recorded(seen, false, JobDescriptor.From(existingJobs.GetValueOrDefault(id))));
                continue;
            }
            if (created.TryGetValue(id, out var repeated))
            {
                answers.Add(repeated with { Created = false });
                continue;
            }
            var request = requests[i];
            var recorded = new AgentEventRecorded(id, teamId, request.ProjectId!, sessionIds[i], request.SourceType!,
                request.EventType!, request.OccurredAtEpoch!.Value, request.Payload!.Value, request.SourceEventId,
                JsonObjects.OrNull(request.Metadata), nowEpoch);
            var job = generateWith is { } transport
                ? JobRecords.ForEvent(id, teamId, request.ProjectId!, sessionIds[i], transport, nowEpoch, keyId)
                : null;
            fresh.Add(new NewEvent(recorded, job));
            var answer = new Recorded(AgentEventView.Create(recorded), true, JobDescriptor.Queued(job));
            created[id] = answer;
            answers.Add(answer);
        }
        return new Decision(answers, fresh);
    }

    private static async Task<Outcome> TryRecordAsync(IDocumentStore store, IMartenOutbox outbox, HttpContext context,
        Caller caller, IReadOnlyList<RecordEventRequest> requests, string? generateWith, bool lookForExisting, TimeProvider clock,
        CancellationToken ct)
    {
        var projectId = requests[0].ProjectId!;
        await using var session = store.LightweightSession();
        outbox.Enroll(session);

        // Load: the sessions the events name, and (only after a collision) the events already stored.
        var (sessionIds, missing) = await LoadSessionIdsAsync(session, caller, projectId, requests, ct);
        if (missing is not null) return new([], missing);
        var now = clock.GetUtcNow();
        var ids = requests.Select(r => r.SourceEventId is null
            ? Guid.CreateVersion7(now)
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

        var nowEpoch = now.ToUnixTimeMilliseconds();
        var decision = Decide(requests, ids, sessionIds, existing, existingJobs, caller.TeamId, caller.KeyId, generateWith, nowEpoch);

        // Persist: one transaction for the events, their jobs, the outbox messages and the audit entry.
        if (decision.New.Count == 0) return new(decision.Answers, null);
        foreach (var (recorded, job) in decision.New)
        {
            session.Events.StartStream<AgentEventView>(recorded.EventId, recorded);
            if (job is null) continue;
            session.Events.StartStream<GenerationJobView>(job.JobStreamId, job);
            await outbox.PublishAsync(DispatchGenerationJob.For(job));
        }
        var action = requests.Count == 1 ? AuditActions.EventRecorded : AuditActions.EventBatchRecorded;
        var target = requests.Count == 1 ? ids[0].ToString() : $"{decision.New.Count} events";
        AuditActions.Record(session, context, caller, action, projectId, target, nowEpoch);
        await session.SaveChangesAsync(ct);
        return new(decision.Answers, null);
    }

    /// <summary>Each request's session id, or a 404 naming the first session not found, not visible to the key or of another project.</summary>
    private static async Task<(IReadOnlyList<Guid?> SessionIds, IResult? Missing)> LoadSessionIdsAsync(IDocumentSession session, Caller caller,
        string projectId, IReadOnlyList<RecordEventRequest> requests, CancellationToken ct)
    {
        var resolved = new Dictionary<(Guid?, string?), Guid>();
        var sessionIds = new Guid?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (request.ServerSessionId is null && request.ContentSessionId is null) continue;
            var key = (request.ServerSessionId, request.ContentSessionId);
            if (!resolved.TryGetValue(key, out var sessionId))
            {
                sessionId = request.ServerSessionId ?? StreamIds.ForSession(caller.TeamId, projectId, request.ContentSessionId!);
                var owner = await session.LoadAsync<SessionView>(sessionId, ct);
                if (!caller.MaySee(owner, projectId))
                    return ([], ApiErrors.Missing(request.ServerSessionId is not null
                        ? $"session {request.ServerSessionId}" : $"session with contentSessionId '{request.ContentSessionId}'"));
                resolved[key] = sessionId;
            }
            sessionIds[i] = sessionId;
        }
        return (sessionIds, null);
    }
}
