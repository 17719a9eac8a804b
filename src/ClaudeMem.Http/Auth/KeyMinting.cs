using ClaudeMem.Events.Access;

namespace ClaudeMem.Http.Auth;

/// <summary>
/// Who may mint and manage which keys over HTTP. An admin key manages its team's keys (within its
/// project when it is bound to one); a write key may mint only a read-only key for its own project,
/// the key an MCP client gets, and manage the keys it minted. Nobody mints a key wider than its
/// own: no scope it lacks, no project it may not use, no life past its own expiry.
/// </summary>
public static class KeyMinting
{
    public sealed record Request(IReadOnlyCollection<string>? Scopes, string? ProjectId, long? ExpiresAtEpoch);

    public sealed record Grant(string[] Scopes, string? ProjectId, long? ExpiresAtEpoch);

    /// <summary>Either the key to mint, or why not (<see cref="Refusal.Field"/> set: a 400; else a 403).</summary>
    public sealed record Refusal(string Message, string? Field = null);

    public static readonly string[] DefaultScopes = [Scopes.Read];

    /// <param name="callerExpiresAtEpoch">The minting key's own expiry (null: never, or the local-dev caller).</param>
    public static (Grant? Grant, Refusal? Refusal) Decide(Caller caller, long? callerExpiresAtEpoch, Request request)
    {
        var scopes = request.Scopes is { Count: > 0 } asked ? asked.Distinct().ToArray() : DefaultScopes;
        if (scopes.FirstOrDefault(s => !Scopes.Known.Contains(s)) is { } unknown)
            return Refuse(new Refusal($"unknown scope '{unknown}': use {string.Join(", ", Scopes.Known)}", "scopes"));

        var admin = caller.HasScope(Scopes.Admin);
        if (!admin && !caller.HasScope(Scopes.Write))
            return Refuse(new Refusal("minting keys needs a write or admin key"));
        if (!admin && !(scopes is [Scopes.Read]))
            return Refuse(new Refusal($"a write key may mint only a read-only key ({Scopes.Read})"));
        if (scopes.FirstOrDefault(s => !Covers(caller, s)) is { } wider)
            return Refuse(new Refusal($"this key may not mint a key with scope '{wider}', which it does not hold"));

        var project = request.ProjectId ?? caller.ProjectId;
        if (project is not null && !caller.MayUseProject(project))
            return Refuse(new Refusal($"this key may not mint keys for project '{project}'"));
        if (project is null && !admin)
            return Refuse(new Refusal("a write key mints keys bound to one project: projectId is required", "projectId"));

        var expires = request.ExpiresAtEpoch ?? callerExpiresAtEpoch;
        if (callerExpiresAtEpoch is { } limit && expires > limit)
            return Refuse(new Refusal("the new key would outlive the key minting it"));

        return (new Grant(scopes, project, expires), null);
    }

    /// <summary>Whether <paramref name="caller"/> may see and revoke <paramref name="key"/>.</summary>
    public static bool MayManage(Caller caller, ApiKey key) =>
        key.TeamId == caller.TeamId
        && (caller.HasScope(Scopes.Admin)
            ? caller.ProjectId is null || key.ProjectId == caller.ProjectId
            : key.CreatedBy == caller.Actor);

    /// <summary>
    /// '*' only from '*'; admin from admin; write from write (admin holds it). Read also from a write
    /// key: handing a read-only key to an MCP client is what a write key is for (as in the TypeScript server).
    /// </summary>
    private static bool Covers(Caller caller, string scope) => scope switch
    {
        Scopes.All => caller.Scopes.Contains(Scopes.All),
        Scopes.Read => caller.HasScope(Scopes.Read) || caller.HasScope(Scopes.Write),
        _ => caller.HasScope(scope),
    };

    private static (Grant?, Refusal?) Refuse(Refusal refusal) => (null, refusal);
}
