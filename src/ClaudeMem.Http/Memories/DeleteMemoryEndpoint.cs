using ClaudeMem.Events;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Memories;

/// <summary>Deleting is an event: the memory leaves every read model at once and stays in the log.</summary>
public static class DeleteMemoryEndpoint
{
    public static MemoryDeleted Decide(MemoryView memory, long nowEpoch) => new(memory.Id, memory.TeamId, memory.ProjectId, nowEpoch);

    [WolverineDelete("/v1/memories/{id}"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<DeletedAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public static async Task<IResult> Delete(Guid id, HttpContext context, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var stream = await session.Events.FetchForWriting<MemoryView>(id, ct);
        if (stream.Aggregate is not { } memory || !caller.MaySee(memory)) return ApiErrors.Missing("memory");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        stream.AppendOne(Decide(memory, now));
        AuditActions.Record(session, context, caller, AuditActions.MemoryDeleted, memory.ProjectId, id.ToString(), now);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (MartenConflicts.IsConcurrencyConflict(e)) { return ApiErrors.Changed("memory"); }
        return Results.Json(new DeletedAnswer(new DeletedRecord(SearchKinds.Memory, id)));
    }
}
