using System.Diagnostics.CodeAnalysis;
using ClaudeMem.Events;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// What an API key may read: a record of its team, and of its project when the key is bound to one.
/// A record the key may not see is answered exactly like one that does not exist, a 404, so ids of
/// other teams and projects reveal nothing.
/// </summary>
public static class VisibleRecords
{
    /// <summary>True when the record exists, the caller may see it and (if given) it belongs to <paramref name="project"/>.</summary>
    public static bool MaySee(this Caller caller, [NotNullWhen(true)] IProjectRecord? record, string? project = null) =>
        record is not null && caller.MaySee(record.TeamId, record.ProjectId) && (project is null || record.ProjectId == project);

    public static async Task<T?> LoadAsync<T>(IQuerySession query, Caller caller, Guid id, CancellationToken ct) where T : class, IProjectRecord =>
        await query.LoadAsync<T>(id, ct) is { } record && caller.MaySee(record) ? record : null;

    /// <summary>The GET-by-id answer: the record shaped by <paramref name="answer"/>, or a 404 naming <paramref name="what"/>.</summary>
    public static async Task<IResult> AnswerAsync<T, TAnswer>(IQuerySession query, HttpContext context, Guid id, string what,
        Func<T, TAnswer> answer, CancellationToken ct) where T : class, IProjectRecord =>
        await LoadAsync<T>(query, Caller.From(context), id, ct) is { } record ? Results.Json(answer(record)) : ApiErrors.Missing(what);
}
