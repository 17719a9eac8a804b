using System.Text.Json;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Sessions;
using Wolverine.Attributes;

namespace ClaudeMem.Http.Memories;

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

    /// <summary>The memory recorded from a normalized, valid request.</summary>
    public static MemoryRecorded Decide(AddMemoryRequest request, Guid id, string teamId, long nowEpoch) => new(
        id, teamId, request.ProjectId!, request.SessionId, request.Type ?? ObservationTypes.Default, request.Title!.Trim(),
        request.Subtitle?.Trim(), request.Text!.Trim(), request.Facts ?? [], request.Concepts ?? [], request.Files ?? [],
        JsonObjects.OrNull(request.Metadata), nowEpoch);

    /// <remarks>[Transactional]: Wolverine saves the session (the new stream and the audit entry) once this returns.</remarks>
    [WolverinePost("/v1/memories"), Authorize(Policy = ScopePolicies.Write), Transactional]
    [ProducesResponseType<MemoryAnswer>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(AddMemoryRequest request, HttpContext context, IDocumentSession session,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        request = request.Normalized();
        if (request.SessionId is { } sessionId)
        {
            var owner = await session.LoadAsync<SessionView>(sessionId, ct);
            if (!caller.MaySee(owner, request.ProjectId))
                return ApiErrors.Missing($"session {sessionId}");
        }
        var now = clock.GetUtcNow();
        var recorded = Decide(request, Guid.CreateVersion7(now), caller.TeamId, now.ToUnixTimeMilliseconds());
        session.Events.StartStream<MemoryView>(recorded.MemoryId, recorded);
        AuditActions.Record(session, context, caller, AuditActions.MemoryRecorded, recorded.ProjectId, recorded.MemoryId.ToString(), recorded.RecordedAtEpoch);
        return Results.Json(new MemoryAnswer(MemoryView.Create(recorded)), statusCode: 201);
    }
}
