using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.Configuration;
using Wolverine.Marten;

namespace ClaudeMem.Http.Legacy;

/// <summary>The TypeScript hooks' tool use: a thin adapter onto recording a PostToolUse hook event with its generation job.</summary>
public static class LegacyObservationEndpoint
{
    public static IResult Validate(LegacyObservationRequest? request) => request is null
        ? ApiErrors.Invalid("body", "a JSON object body is required")
        : Check.First(
              Check.Identifier(request.ContentSessionId, "contentSessionId"),
              Check.Identifier(request.Tool_name, "tool_name", max: Check.MaxNameLength),
              Check.Identifier(request.Tool_use_id, "tool_use_id", required: false),
              Check.Identifier(request.Cwd, "cwd", required: false, max: 4096))
          ?? WolverineContinue.Result();

    [WolverinePost("/api/sessions/observations"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<ObservationQueued>(StatusCodes.Status201Created), ProducesResponseType<ObservationQueued>(StatusCodes.Status200OK)]
    public static async Task<IResult> Observation(LegacyObservationRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var session = await LegacySessions.FindOrStartAsync(store, context, caller, request.ContentSessionId!, request.Cwd, clock, ct);
        if (session is null) return ApiErrors.Invalid("cwd", "no session with this contentSessionId: call /api/sessions/init first, or send cwd");
        if (!caller.MayUseProject(session.ProjectId)) return ApiErrors.ForbiddenProject(session.ProjectId);

        var payload = new
        {
            tool_name = request.Tool_name,
            tool_input = request.Tool_input,
            tool_response = request.Tool_response,
            cwd = request.Cwd,
            tool_use_id = request.Tool_use_id,
        };
        var outcome = await LegacySessions.RecordHookAsync(store, outbox, context, caller, session.ProjectId, request.ContentSessionId!,
            HookEventTypes.PostToolUse, payload, request.Tool_use_id, generateWith: settings.QueueEngine, clock, ct);
        if (outcome.Problem is not null) return outcome.Problem;
        var recorded = outcome.Events[0];
        return Results.Json(new ObservationQueued("queued", recorded.View, recorded.Job), statusCode: recorded.Created ? 201 : 200);
    }
}
