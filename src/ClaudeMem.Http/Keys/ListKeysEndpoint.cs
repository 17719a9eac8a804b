namespace ClaudeMem.Http.Keys;

public static class ListKeysEndpoint
{
    /// <summary>An admin key sees its team's keys (its project's, when bound to one); a write key the keys it minted.</summary>
    [WolverineGet("/v1/keys"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<KeyList>(StatusCodes.Status200OK)]
    public static async Task<KeyList> Get(HttpContext context, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var keys = await ApiKeyAdmin.ListAsync(store, ct, Caller.From(context));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new KeyList(keys.Select(k => KeyDescriptor.From(k, now)).ToList());
    }
}
