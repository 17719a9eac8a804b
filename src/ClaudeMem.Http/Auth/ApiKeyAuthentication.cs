using System.Net;
using System.Text.Encodings.Web;
using ClaudeMem.Events.Access;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Http.Infrastructure;
using Marten;
using Marten.Patching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClaudeMem.Http.Auth;

/// <summary>
/// Bearer / X-Api-Key authentication. The key row is loaded by hash on every request (no cache),
/// so a revoked or expired key is refused on the very next request.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    ServerSettings settings,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string InvalidKeyMessage = "API key is not valid";

    /// <summary>Last-use is recorded at this granularity, so a busy key costs one write a minute, not one per request.</summary>
    private static readonly long LastUsedResolutionMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Real-IP"];

    private const string FailureItem = "cm:auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return settings.LocalDevBypassActive && IsGenuineLoopbackRequest(Context)
                ? Success(Caller.LocalDev)
                : AuthenticateResult.NoResult();
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        ApiKey? key = null;
        if (ApiKeySecrets.LooksLikeKey(presented))
        {
            await using var query = store.QuerySession();
            key = await query.QueryAsync(new ApiKeyByHash { Hash = ApiKeySecrets.Hash(presented) }, Context.RequestAborted);
        }

        var failure = key switch
        {
            // The same words for both: a caller must not learn that a key it holds once existed.
            null or { RevokedAtEpoch: not null } => InvalidKeyMessage,
            _ when !key.IsUsableAt(now) => "API key has expired",
            _ => null,
        };
        if (failure is not null)
        {
            Context.Items[FailureItem] = failure;
            return AuthenticateResult.Fail(failure);
        }

        if (key!.LastUsedAtEpoch is null || now - key.LastUsedAtEpoch >= LastUsedResolutionMs)
        {
            await using var write = store.LightweightSession();
            write.Patch<ApiKey>(key.Id).Set(k => k.LastUsedAtEpoch, now);
            await write.SaveChangesAsync(Context.RequestAborted);
        }
        return Success(Caller.ForKey(key));
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.TryGetValue(FailureItem, out var failure)
            ? ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, ApiErrors.Forbidden, (string)failure!)
            : ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, ApiErrors.Unauthorized,
                "an API key is required: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, ApiErrors.Forbidden, "this API key lacks the scope this route needs");

    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        return request.Headers[ApiKeyHeader].ToString().Trim() is { Length: > 0 } header ? header : null;
    }

    /// <summary>
    /// The local-dev bypass only for a request that is loopback end to end: loopback peer,
    /// loopback Host, and no sign of having passed through a proxy.
    /// </summary>
    public static bool IsGenuineLoopbackRequest(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null || !IPAddress.IsLoopback(peer)) return false;
        if (!IsLoopbackHost(context.Request.Host.Host)) return false;
        foreach (var header in context.Request.Headers.Keys)
        {
            if (header.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)) return false;
            if (ForwardingHeaders.Contains(header, StringComparer.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
