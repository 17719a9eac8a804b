using ClaudeMem.Events.Memories;

namespace ClaudeMem.Http.Memories;

public static class GetMemoryEndpoint
{
    [WolverineGet("/v1/memories/{id}"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<MemoryAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, HttpContext context, IQuerySession query, CancellationToken ct)
    {
        var memory = await query.LoadAsync<MemoryView>(id, ct);
        return memory is not null && Caller.From(context).MaySee(memory.TeamId, memory.ProjectId)
            ? Results.Json(new MemoryAnswer(memory))
            : ApiErrors.Missing("memory");
    }
}
