using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.Sessions;
using Wolverine.Marten;

namespace ClaudeMem.Http.Legacy;

/// <summary>The TypeScript hooks' session init: a thin adapter onto starting a session and recording the prompt as a hook event.</summary>
public static class LegacyInitEndpoint
{
    private const int MaxPromptNumberAttempts = 100;

    public static IResult Validate(LegacyInitRequest? request, HttpContext context) => request is null
        ? ApiErrors.Invalid("body", "a JSON object body is required")
        : Check.First(Check.Identifier(request.ContentSessionId, "contentSessionId"), Check.Identifier(request.Project, "project"))
          ?? (Caller.From(context).MayUseProject(request.Project!) ? WolverineContinue.Result() : ApiErrors.ForbiddenProject(request.Project!));

    [WolverinePost("/api/sessions/init"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<InitAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Init(LegacyInitRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var started = await StartSessionEndpoint.StartAsync(store, context, caller,
            LegacySessions.Start(request.Project!, request.ContentSessionId!), clock, ct);
        var promptNumber = await CountPromptsAsync(store, started.Session.Id, ct);
        if (!string.IsNullOrEmpty(request.Prompt))
        {
            // Each prompt claims its number through the event's idempotency key, which PostgreSQL keeps
            // unique: a parallel init that took the number first makes this one try the next, so
            // numbers are unique and dense per session without a count-then-write race.
            var prompt = new { prompt = request.Prompt };
            for (var attempt = 0; ; attempt++)
            {
                var claimed = promptNumber + 1;
                var recorded = await LegacySessions.RecordHookAsync(store, outbox, context, caller, request.Project!, request.ContentSessionId!,
                    HookEventTypes.UserPromptSubmit, prompt, PromptKey(started.Session.Id, claimed), generateWith: null, clock, ct);
                if (recorded.Problem is not null) return recorded.Problem;
                promptNumber = claimed;
                if (recorded.Events[0].Created) break;
                if (attempt == MaxPromptNumberAttempts)
                    return Results.Json(new ApiErrors.Body(ApiErrors.Conflict, "too many prompts raced for this session; retry"), statusCode: StatusCodes.Status409Conflict);
            }
        }
        return Results.Json(new InitAnswer(started.Session.Id, promptNumber, false, started.Session));
    }

    private static string PromptKey(Guid sessionId, int promptNumber) => $"prompt:{sessionId:N}:{promptNumber}";

    private static async Task<int> CountPromptsAsync(IDocumentStore store, Guid sessionId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Query<AgentEventView>().CountAsync(e => e.SessionId == sessionId && e.EventType == HookEventTypes.UserPromptSubmit, ct);
    }
}
