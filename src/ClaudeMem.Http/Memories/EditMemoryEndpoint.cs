using ClaudeMem.Events;
using ClaudeMem.Events.Memories;

namespace ClaudeMem.Http.Memories;

public static class EditMemoryEndpoint
{
    public static IResult Validate(EditMemoryRequest? request)
    {
        if (request is null) return ApiErrors.Invalid("body", "a JSON object body is required");
        if (request == new EditMemoryRequest()) return ApiErrors.Invalid("body", "send at least one of type, title, subtitle, text, facts, concepts, files");
        return Check.First(
            request.Type is not null && !ObservationTypes.All.Contains(request.Type)
                ? ApiErrors.Invalid("type", $"type must be one of {string.Join(", ", ObservationTypes.All)}") : null,
            request.Title is not null && string.IsNullOrWhiteSpace(request.Title) ? ApiErrors.Invalid("title", "title must not be blank") : null,
            request.Title?.Length > AddMemoryEndpoint.MaxTitleLength ? ApiErrors.Invalid("title", $"title is longer than {AddMemoryEndpoint.MaxTitleLength} characters") : null,
            request.Subtitle?.Length > AddMemoryEndpoint.MaxTitleLength ? ApiErrors.Invalid("subtitle", $"subtitle is longer than {AddMemoryEndpoint.MaxTitleLength} characters") : null,
            request.Text is not null && string.IsNullOrWhiteSpace(request.Text) ? ApiErrors.Invalid("text", "text must not be blank") : null,
            request.Text?.Length > AddMemoryEndpoint.MaxTextLength ? ApiErrors.Invalid("text", $"text is longer than {AddMemoryEndpoint.MaxTextLength} characters") : null,
            AddMemoryEndpoint.List(request.Facts, "facts"), AddMemoryEndpoint.List(request.Concepts, "concepts"), AddMemoryEndpoint.List(request.Files, "files"))
            ?? WolverineContinue.Result();
    }

    /// <summary>The memory after the edit, as one event carrying the whole record.</summary>
    public static MemoryEdited Decide(MemoryView memory, EditMemoryRequest edit, long nowEpoch) => new(
        memory.Id, memory.TeamId, memory.ProjectId, memory.SessionId,
        edit.Type ?? memory.Type, edit.Title?.Trim() ?? memory.Title,
        edit.Subtitle is null ? memory.Subtitle : edit.Subtitle.Trim() is { Length: > 0 } subtitle ? subtitle : null,
        edit.Text?.Trim() ?? memory.Text, edit.Facts ?? memory.Facts, edit.Concepts ?? memory.Concepts, edit.Files ?? memory.Files,
        memory.CreatedAtEpoch, nowEpoch);

    [WolverinePatch("/v1/memories/{id}"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<MemoryAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Patch(Guid id, EditMemoryRequest request, HttpContext context, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var stream = await session.Events.FetchForWriting<MemoryView>(id, ct);
        if (stream.Aggregate is not { } memory || !caller.MaySee(memory)) return ApiErrors.Missing("memory");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var edited = Decide(memory, request, now);
        stream.AppendOne(edited);
        AuditActions.Record(session, context, caller, AuditActions.MemoryEdited, memory.ProjectId, id.ToString(), now);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (MartenConflicts.IsConcurrencyConflict(e)) { return ApiErrors.Changed("memory"); }
        var view = MemoryViewOf(memory);
        view.Apply(edited);
        return Results.Json(new MemoryAnswer(view));
    }

    /// <summary>A copy: the instance FetchForWriting returns is the one Marten projects on save.</summary>
    private static MemoryView MemoryViewOf(MemoryView memory) => new()
    {
        Id = memory.Id, TeamId = memory.TeamId, ProjectId = memory.ProjectId, SessionId = memory.SessionId, Type = memory.Type,
        Title = memory.Title, Subtitle = memory.Subtitle, Text = memory.Text, Facts = memory.Facts, Concepts = memory.Concepts,
        Files = memory.Files, Metadata = memory.Metadata, CreatedAtEpoch = memory.CreatedAtEpoch, UpdatedAtEpoch = memory.UpdatedAtEpoch,
    };
}
