using System.Text.Json;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.AgentEvents;
using ClaudeMem.Http.Sessions;
using Wolverine.Marten;

namespace ClaudeMem.Http.Legacy;

/// <summary>
/// What the TypeScript server's hook routes share: they name a session by its content session id
/// within the caller's team, and record what the hook saw as a hook event of the /v1 API.
/// </summary>
public static class LegacySessions
{
    public const string AgentType = "claude-code";
    public const string PlatformSource = "claude-code-hooks";

    /// <summary>Records what the hook saw (<paramref name="payload"/>, serialized as the hook sent it) as one /v1 hook event of the session.</summary>
    public static Task<AgentEventRecording.Outcome> RecordHookAsync(IDocumentStore store, IMartenOutbox outbox, HttpContext context, Caller caller,
        string projectId, string contentSessionId, string eventType, object payload, string? sourceEventId, string? generateWith,
        TimeProvider clock, CancellationToken ct) =>
        AgentEventRecording.RecordAsync(store, outbox, context, caller,
            [new(projectId, null, contentSessionId, "hook", eventType, clock.GetUtcNow().ToUnixTimeMilliseconds(),
                JsonSerializer.SerializeToElement(payload), sourceEventId, null)],
            generateWith, clock, ct);

    public static StartSessionRequest Start(string projectId, string contentSessionId) =>
        new(projectId, null, contentSessionId, null, AgentType, PlatformSource, null);

    public static async Task<SessionView?> FindAsync(IDocumentStore store, Caller caller, string contentSessionId, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var sessions = query.Query<SessionView>().Where(s => s.TeamId == caller.TeamId && s.ContentSessionId == contentSessionId);
        if (caller.ProjectId is not null) sessions = sessions.Where(s => s.ProjectId == caller.ProjectId);
        return await sessions.OrderByDescending(s => s.StartedAtEpoch).FirstOrDefaultAsync(ct);
    }

    /// <summary>A hook may report tool use before init was seen: the project is then the working directory's name, as hooks name it.</summary>
    public static async Task<SessionView?> FindOrStartAsync(IDocumentStore store, HttpContext context, Caller caller,
        string contentSessionId, string? cwd, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(store, caller, contentSessionId, ct) is { } existing) return existing;
        var project = string.IsNullOrWhiteSpace(cwd) ? null : Path.GetFileName(cwd.TrimEnd('/', '\\'));
        if (string.IsNullOrEmpty(project)) return null;
        if (!caller.MayUseProject(project)) return new SessionView { ProjectId = project };
        var started = await StartSessionEndpoint.StartAsync(store, context, caller, Start(project, contentSessionId), clock, ct);
        return started.Session;
    }
}
