using ClaudeMem.Events.Memories;

namespace ClaudeMem.Http.Memories;

public static class GetMemoryEndpoint
{
    [WolverineGet("/v1/memories/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<MemoryAnswer>(StatusCodes.Status200OK)]
    public static Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct) =>
        VisibleRecords.AnswerAsync(query, context, id, "memory", (MemoryView memory) => new MemoryAnswer(memory), ct);
}
