using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Sessions;
using Wolverine.Marten;

namespace ClaudeMem.Http.Legacy;

/// <summary>The TypeScript hooks' summarize: a thin adapter onto recording the Stop hook event and ending the session.</summary>
public static class LegacySummarizeEndpoint
{
    public static IResult Validate(LegacySummarizeRequest? request) => request is null
        ? ApiErrors.Invalid("body", "a JSON object body is required")
        : Check.Identifier(request.ContentSessionId, "contentSessionId") ?? WolverineContinue.Result();

    [WolverinePost("/api/sessions/summarize"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<SessionJobAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Summarize(LegacySummarizeRequest request, HttpContext context, IDocumentStore store,
        IMartenOutbox outbox, ServerSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var session = await LegacySessions.FindAsync(store, caller, request.ContentSessionId!, ct);
        if (session is null) return ApiErrors.Missing($"session with contentSessionId '{request.ContentSessionId}'");

        if (!string.IsNullOrEmpty(request.Last_assistant_message))
        {
            var recorded = await LegacySessions.RecordHookAsync(store, outbox, context, caller, session.ProjectId, request.ContentSessionId!,
                HookEventTypes.Stop, new { last_assistant_message = request.Last_assistant_message }, null, generateWith: null, clock, ct);
            if (recorded.Problem is not null) return recorded.Problem;
        }
        return await EndSessionEndpoint.EndAsync(session.Id, context, store, outbox, settings, clock, ct);
    }
}
