using System.Security.Claims;
using ClaudeMem.Events.Access;

namespace ClaudeMem.Http.Auth;

/// <summary>Who is calling: a key's team, optional project binding and scopes, read from the authenticated principal.</summary>
public sealed record Caller(string Actor, string TeamId, string? ProjectId, IReadOnlySet<string> Scopes)
{
    public const string DefaultTeam = "default";
    public const string LocalDevActor = "local-dev";

    internal const string ActorClaim = "cm:actor";
    internal const string TeamClaim = "cm:team";
    internal const string ProjectClaim = "cm:project";
    internal const string ScopeClaim = "cm:scope";

    public bool HasScope(string scope) =>
        Scopes.Contains(Events.Access.Scopes.All) || Scopes.Contains(scope)
        // Admin is the operator's key: it may also read and write.
        || (scope != Events.Access.Scopes.Admin && Scopes.Contains(Events.Access.Scopes.Admin));

    /// <summary>The API key's id, under which usage is counted; null for the local-dev caller, which has no key.</summary>
    public string? KeyId => Actor == LocalDevActor ? null : Actor;

    public bool MayUseProject(string projectId) => ProjectId is null || ProjectId == projectId;

    /// <summary>Another tenant's resource must look exactly like a missing one.</summary>
    public bool MaySee(string teamId, string projectId) => teamId == TeamId && MayUseProject(projectId);

    public static Caller From(HttpContext context) => FromPrincipal(context.User);

    public static Caller FromPrincipal(ClaimsPrincipal user) => new(
        user.FindFirstValue(ActorClaim) ?? throw new InvalidOperationException("request is not authenticated"),
        user.FindFirstValue(TeamClaim) ?? DefaultTeam,
        user.FindFirstValue(ProjectClaim),
        user.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ActorClaim, Actor), new(TeamClaim, TeamId) };
        if (ProjectId is not null) claims.Add(new Claim(ProjectClaim, ProjectId));
        claims.AddRange(Scopes.Select(s => new Claim(ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller ForKey(ApiKey key) => new(key.Id, key.TeamId, key.ProjectId, key.Scopes.ToHashSet(StringComparer.Ordinal));

    public static readonly Caller LocalDev = new(LocalDevActor, DefaultTeam, null, new HashSet<string> { Events.Access.Scopes.All });
}
