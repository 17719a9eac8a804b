using ClaudeMem.Events.Access;
using Microsoft.AspNetCore.Authorization;

namespace ClaudeMem.Http.Auth;

/// <summary>Authorization policies named after the scope they demand.</summary>
public static class ScopePolicies
{
    public const string Read = Scopes.Read;
    public const string Write = Scopes.Write;
    public const string Admin = Scopes.Admin;

    public static void Register(AuthorizationOptions options)
    {
        foreach (var scope in new[] { Read, Write, Admin })
        {
            options.AddPolicy(scope, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true && Caller.FromPrincipal(context.User).HasScope(scope)));
        }
    }
}
