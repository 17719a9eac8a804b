using ClaudeMem.Http.Auth;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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

public static class ConnectEndpoint
{
    /// <summary>The server's public URL and the commands that connect Claude Code to it.</summary>
    [WolverineGet("/v1/connect"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<ConnectInfo>(StatusCodes.Status200OK)]
    public static ConnectInfo Get(HttpContext context, ServerSettings settings) => ConnectInfo.For(settings, context.Request);
}
