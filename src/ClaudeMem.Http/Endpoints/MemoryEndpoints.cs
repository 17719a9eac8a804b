using System.Text.Json;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaudeMem.Http.Endpoints;

public sealed record AddMemoryRequest(
    string? ProjectId,
    Guid? SessionId,
    string? Type,
    string? Title,
    string? Subtitle,
    string? Text,
    IReadOnlyList<string>? Facts,
    IReadOnlyList<string>? Concepts,
    IReadOnlyList<string>? Files,
    JsonElement? Metadata,
    string? Content = null,
    string? Kind = null,
    Guid? ServerSessionId = null)
{
    public const int DerivedTitleChars = 120;

    /// <summary>
    /// The TypeScript server's body (<c>content</c>, <c>kind</c>, <c>serverSessionId</c>) mapped onto ours:
    /// the title is the content's first line, a kind that names an observation type becomes the type,
    /// any other kind is kept in the metadata.
    /// </summary>
    public AddMemoryRequest Normalized()
    {
        if (Content is null && Kind is null && ServerSessionId is null) return this;
        var text = Text ?? Content;
        var firstLine = text?.Trim().Split('\n', 2)[0].Trim();
        var title = Title ?? (firstLine is null ? null : firstLine.Length <= DerivedTitleChars ? firstLine : firstLine[..DerivedTitleChars]);
        var kindIsType = Kind is not null && ObservationTypes.All.Contains(Kind);
        var metadata = Metadata;
        if (Kind is not null && !kindIsType)
        {
            var merged = Metadata is { ValueKind: JsonValueKind.Object } m
                ? System.Text.Json.Nodes.JsonObject.Create(m)! : new System.Text.Json.Nodes.JsonObject();
            merged["kind"] = Kind;
            metadata = JsonSerializer.SerializeToElement(merged);
        }
        return this with { Title = title, Text = text, Type = Type ?? (kindIsType ? Kind : null), SessionId = SessionId ?? ServerSessionId, Metadata = metadata };
    }
}

public static class AddMemoryEndpoint
{
    public const int MaxTitleLength = 500;
    public const int MaxTextLength = 100_000;
    public const int MaxListItems = 100;

    public static IResult Validate(AddMemoryRequest? request, HttpContext context)
    {
        if (request is null) return ApiErrors.Invalid("body", "a JSON object body is required");
        if (request.Kind?.Length > Check.MaxNameLength) return ApiErrors.Invalid("kind", $"kind is longer than {Check.MaxNameLength} characters");
        request = request.Normalized();
        var invalid = Check.First(
            Check.Identifier(request.ProjectId, "projectId"),
            request.Type is not null && !ObservationTypes.All.Contains(request.Type)
                ? ApiErrors.Invalid("type", $"type must be one of {string.Join(", ", ObservationTypes.All)}")
                : null,
            string.IsNullOrWhiteSpace(request.Title) ? ApiErrors.Invalid("title", "title is required") : null,
            request.Title?.Length > MaxTitleLength ? ApiErrors.Invalid("title", $"title is longer than {MaxTitleLength} characters") : null,
            request.Subtitle?.Length > MaxTitleLength ? ApiErrors.Invalid("subtitle", $"subtitle is longer than {MaxTitleLength} characters") : null,
            string.IsNullOrWhiteSpace(request.Text) ? ApiErrors.Invalid("text", "text (or content) is required") : null,
            request.Text?.Length > MaxTextLength ? ApiErrors.Invalid("text", $"text is longer than {MaxTextLength} characters") : null,
            List(request.Facts, "facts"), List(request.Concepts, "concepts"), List(request.Files, "files"),
            Check.OptionalObject(request.Metadata, "metadata"));
        if (invalid is not null) return invalid;
        return Caller.From(context).MayUseProject(request.ProjectId!) ? WolverineContinue.Result() : ApiErrors.ForbiddenProject(request.ProjectId!);
    }

    public static IResult? List(IReadOnlyList<string>? items, string field) =>
        items switch
        {
            null => null,
            { Count: > MaxListItems } => ApiErrors.Invalid(field, $"{field} holds more than {MaxListItems} items"),
            _ when items.Any(string.IsNullOrWhiteSpace) => ApiErrors.Invalid(field, $"{field} must not hold blank items"),
            _ when items.Any(i => i.Length > MaxTitleLength) => ApiErrors.Invalid(field, $"{field} items must be at most {MaxTitleLength} characters"),
            _ => null,
        };

    [WolverinePost("/v1/memories"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<MemoryAnswer>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(AddMemoryRequest request, HttpContext context, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        request = request.Normalized();
        if (request.SessionId is { } sessionId)
        {
            var owner = await session.LoadAsync<SessionView>(sessionId, ct);
            if (owner is null || !caller.MaySee(owner.TeamId, owner.ProjectId) || owner.ProjectId != request.ProjectId)
                return ApiErrors.Missing($"session {sessionId}");
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = Guid.CreateVersion7();
        var recorded = new MemoryRecorded(id, caller.TeamId, request.ProjectId!, request.SessionId,
            request.Type ?? ObservationTypes.Default, request.Title!.Trim(), request.Subtitle?.Trim(), request.Text!.Trim(),
            request.Facts ?? [], request.Concepts ?? [], request.Files ?? [], SessionStarts.NullIfJsonNull(request.Metadata), now);
        session.Events.StartStream<MemoryView>(id, recorded);
        AuditActions.Record(session, context, caller, AuditActions.MemoryRecorded, request.ProjectId!, id.ToString(), now);
        await session.SaveChangesAsync(ct);
        return Results.Json(new MemoryAnswer(MemoryView.Create(recorded)), statusCode: 201);
    }
}
