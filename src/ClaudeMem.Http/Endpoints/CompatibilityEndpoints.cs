using System.Text.Json;
using ClaudeMem.Events.AgentEvents;
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

public sealed record LegacyInitRequest(string? ContentSessionId, string? Project, string? Prompt);

public sealed record LegacyObservationRequest(
    string? ContentSessionId, string? Tool_name, JsonElement? Tool_input, JsonElement? Tool_response, string? Cwd, string? Tool_use_id);

public sealed record LegacySummarizeRequest(string? ContentSessionId, string? Last_assistant_message);

/// <summary>
/// The routes the TypeScript server's hooks call. They map onto the same sessions, events and
/// jobs as the /v1 API: the session is found by its content session id within the caller's team.
/// </summary>
public static class CompatibilityEndpoints
{
    /// <summary>The TypeScript server's init answer: the session's id as <c>sessionDbId</c> and the prompt's number.</summary>
    public sealed record InitAnswer(Guid SessionDbId, int PromptNumber, bool Skipped, SessionView Session);

    /// <summary>The tool use recorded, as <c>status: queued</c>, with its event and generation job.</summary>
    public sealed record ObservationQueued(string Status, AgentEventView Event, JobDescriptor? GenerationJob);

    public static IResult ValidateInit(LegacyInitRequest? request, HttpContext context) => request is null
        ? ApiErrors.Invalid("body", "a JSON object body is required")
        : Check.First(Check.Identifier(request.ContentSessionId, "contentSessionId"), Check.Identifier(request.Project, "project"))
          ?? (Caller.From(context).MayUseProject(request.Project!) ? WolverineContinue.Result() : ApiErrors.ForbiddenProject(request.Project!));

    [WolverinePost("/api/sessions/init"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<InitAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Init(LegacyInitRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var result = ValidateInit(request, context);
        if (result is not WolverineContinue) return result;
        var caller = Caller.From(context);
        var started = await SessionStarts.StartAsync(store, context, caller,
            new StartSessionRequest(request.Project, null, request.ContentSessionId, null, "claude-code", "claude-code-hooks", null), clock, ct);
        var promptNumber = await CountPromptsAsync(store, started.Session.Id, ct);
        if (!string.IsNullOrEmpty(request.Prompt))
        {
            // Each prompt claims its number through the event's idempotency key, which PostgreSQL keeps
            // unique: a parallel init that took the number first makes this one try the next, so
            // numbers are unique and dense per session without a count-then-write race.
            var prompt = JsonSerializer.SerializeToElement(new { prompt = request.Prompt });
            for (var attempt = 0; ; attempt++)
            {
                var claimed = promptNumber + 1;
                var recorded = await AgentEventRecording.RecordAsync(store, outbox, context, caller,
                    [Hook(request.Project!, request.ContentSessionId!, HookEventTypes.UserPromptSubmit, prompt,
                        PromptKey(started.Session.Id, claimed), clock)], generateWith: null, clock, ct);
                if (recorded.Problem is not null) return recorded.Problem;
                promptNumber = claimed;
                if (recorded.Events[0].Created) break;
                if (attempt == MaxPromptNumberAttempts)
                    return Results.Json(new ApiErrors.Body(ApiErrors.Conflict, "too many prompts raced for this session; retry"), statusCode: StatusCodes.Status409Conflict);
            }
        }
        return Results.Json(new InitAnswer(started.Session.Id, promptNumber, false, started.Session));
    }

    [WolverinePost("/api/sessions/observations"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<ObservationQueued>(StatusCodes.Status201Created), ProducesResponseType<ObservationQueued>(StatusCodes.Status200OK)]
    public static async Task<IResult> Observation(LegacyObservationRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (request is null) return ApiErrors.Invalid("body", "a JSON object body is required");
        var invalid = Check.First(
            Check.Identifier(request.ContentSessionId, "contentSessionId"),
            Check.Identifier(request.Tool_name, "tool_name", max: Check.MaxNameLength),
            Check.Identifier(request.Tool_use_id, "tool_use_id", required: false),
            Check.Identifier(request.Cwd, "cwd", required: false, max: 4096));
        if (invalid is not null) return invalid;

        var caller = Caller.From(context);
        var session = await FindOrStartAsync(store, context, caller, request.ContentSessionId!, request.Cwd, clock, ct);
        if (session is null) return ApiErrors.Invalid("cwd", "no session with this contentSessionId: call /api/sessions/init first, or send cwd");
        if (!caller.MayUseProject(session.ProjectId)) return ApiErrors.ForbiddenProject(session.ProjectId);

        var payload = JsonSerializer.SerializeToElement(new
        {
            tool_name = request.Tool_name,
            tool_input = request.Tool_input,
            tool_response = request.Tool_response,
            cwd = request.Cwd,
            tool_use_id = request.Tool_use_id,
        });
        var outcome = await AgentEventRecording.RecordAsync(store, outbox, context, caller,
            [Hook(session.ProjectId, request.ContentSessionId!, HookEventTypes.PostToolUse, payload, request.Tool_use_id, clock)], generateWith: settings.QueueEngine, clock, ct);
        if (outcome.Problem is not null) return outcome.Problem;
        var recorded = outcome.Events[0];
        return Results.Json(new ObservationQueued("queued", recorded.View, recorded.Job), statusCode: recorded.Created ? 201 : 200);
    }

    [WolverinePost("/api/sessions/summarize"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<SessionJobAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Summarize(LegacySummarizeRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (request is null) return ApiErrors.Invalid("body", "a JSON object body is required");
        if (Check.Identifier(request.ContentSessionId, "contentSessionId") is { } invalid) return invalid;
        var caller = Caller.From(context);
        var session = await FindAsync(store, caller, request.ContentSessionId!, ct);
        if (session is null) return ApiErrors.Missing($"session with contentSessionId '{request.ContentSessionId}'");

        if (!string.IsNullOrEmpty(request.Last_assistant_message))
        {
            var payload = JsonSerializer.SerializeToElement(new { last_assistant_message = request.Last_assistant_message });
            var recorded = await AgentEventRecording.RecordAsync(store, outbox, context, caller,
                [Hook(session.ProjectId, request.ContentSessionId!, HookEventTypes.Stop, payload, null, clock)], generateWith: null, clock, ct);
            if (recorded.Problem is not null) return recorded.Problem;
        }
        return await EndSessionEndpoint.EndAsync(session.Id, context, store, outbox, settings, clock, ct);
    }

    private static RecordEventRequest Hook(string projectId, string contentSessionId, string eventType, JsonElement payload,
        string? sourceEventId, TimeProvider clock) =>
        new(projectId, null, contentSessionId, "hook", eventType, clock.GetUtcNow().ToUnixTimeMilliseconds(), payload, sourceEventId, null);

    private static async Task<SessionView?> FindAsync(IDocumentStore store, Caller caller, string contentSessionId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var sessions = query.Query<SessionView>().Where(s => s.TeamId == caller.TeamId && s.ContentSessionId == contentSessionId);
        if (caller.ProjectId is not null) sessions = sessions.Where(s => s.ProjectId == caller.ProjectId);
        return await sessions.OrderByDescending(s => s.StartedAtEpoch).FirstOrDefaultAsync(ct);
    }

    /// <summary>A hook may report tool use before init was seen: the project is then the working directory's name, as hooks name it.</summary>
    private static async Task<SessionView?> FindOrStartAsync(IDocumentStore store, HttpContext context, Caller caller,
        string contentSessionId, string? cwd, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(store, caller, contentSessionId, ct) is { } existing) return existing;
        var project = string.IsNullOrWhiteSpace(cwd) ? null : Path.GetFileName(cwd.TrimEnd('/', '\\'));
        if (string.IsNullOrEmpty(project)) return null;
        if (!caller.MayUseProject(project)) return new SessionView { ProjectId = project };
        var started = await SessionStarts.StartAsync(store, context, caller,
            new StartSessionRequest(project, null, contentSessionId, null, "claude-code", "claude-code-hooks", null), clock, ct);
        return started.Session;
    }

    private const int MaxPromptNumberAttempts = 100;

    private static string PromptKey(Guid sessionId, int promptNumber) => $"prompt:{sessionId:N}:{promptNumber}";

    private static async Task<int> CountPromptsAsync(IDocumentStore store, Guid sessionId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Query<AgentEventView>().CountAsync(e => e.SessionId == sessionId && e.EventType == HookEventTypes.UserPromptSubmit, ct);
    }
}
