using ClaudeMem.Events.Access;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Keys;

public static class MintKeyEndpoint
{
    public const string DefaultName = "minted over HTTP";
    public const int MaxExpiresInDays = 3650;

    [WolverinePost("/v1/keys"), Authorize(Policy = ScopePolicies.Write)]
    [ProducesResponseType<MintedKey>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(MintKeyRequest request, HttpContext context, IDocumentStore store, ServerSettings settings,
        TimeProvider clock, CancellationToken ct)
    {
        if (Check.First(
                Check.Identifier(request.Name, "name", required: false, max: Check.MaxNameLength),
                Check.Identifier(request.ProjectId, "projectId", required: false),
                request.ExpiresInDays is < 1 or > MaxExpiresInDays
                    ? ApiErrors.Invalid("expiresInDays", $"expiresInDays must be 1..{MaxExpiresInDays}") : null) is { } invalid)
            return invalid;

        var caller = Caller.From(context);
        var now = clock.GetUtcNow();
        long? callerExpiry = null;
        await using (var query = store.QuerySession())
            callerExpiry = (await query.LoadAsync<ApiKey>(caller.Actor, ct))?.ExpiresAtEpoch;

        var asked = new KeyMinting.Request(request.Scopes, request.ProjectId,
            request.ExpiresInDays is { } days ? now.AddDays(days).ToUnixTimeMilliseconds() : null);
        var (grant, refusal) = KeyMinting.Decide(caller, callerExpiry, asked);
        if (refusal is not null)
            return refusal.Field is { } field
                ? ApiErrors.Invalid(field, refusal.Message)
                : Results.Json(new ApiErrors.Body(ApiErrors.Forbidden, refusal.Message), statusCode: StatusCodes.Status403Forbidden);

        var created = await ApiKeyAdmin.CreateAsync(store, request.Name ?? DefaultName, grant!.Scopes, caller.TeamId, grant.ProjectId,
            grant.ExpiresAtEpoch, now.ToUnixTimeMilliseconds(), ct, new ApiKeyAdmin.Changer(caller.Actor, RequestIds.Of(context)));
        var minted = new MintedKey(created.RawKey, KeyDescriptor.From(created.Key, now.ToUnixTimeMilliseconds()),
            ConnectInfo.For(settings, context.Request, created.RawKey));
        return Results.Json(minted, statusCode: StatusCodes.Status201Created);
    }
}
