namespace ClaudeMem.Http.Keys;

public static class RevokeKeyEndpoint
{
    /// <summary>Revoking twice answers the revoked key; a key the caller may not manage looks missing.</summary>
    [WolverineDelete("/v1/keys/{id}"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<KeyAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Delete(string id, HttpContext context, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var key = await ApiKeyAdmin.RevokeAsync(store, id, now, ct, caller, new ApiKeyAdmin.Changer(caller.Actor, RequestIds.Of(context)));
        return key is null ? ApiErrors.Missing("API key") : Results.Json(new KeyAnswer(KeyDescriptor.From(key, now)));
    }
}
