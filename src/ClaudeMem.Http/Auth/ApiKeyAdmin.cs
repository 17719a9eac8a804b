using ClaudeMem.Events.Access;
using ClaudeMem.Http.Infrastructure;
using Marten;

namespace ClaudeMem.Http.Auth;

/// <summary>
/// Creating, listing and revoking keys: the one owner of these operations for `server api-key ...`
/// and for /v1/keys. Who may mint what is <see cref="KeyMinting"/>'s decision, taken before this.
/// </summary>
public static class ApiKeyAdmin
{
    public const string CliActor = "cli";

    /// <summary>Who makes the change, as the audit trail records it.</summary>
    public sealed record Changer(string Actor, string RequestId)
    {
        public static readonly Changer Cli = new(CliActor, CliActor);
    }

    public sealed record Created(ApiKey Key, string RawKey);

    /// <exception cref="ArgumentException">An unknown scope, no scope, or a blank name.</exception>
    public static async Task<Created> CreateAsync(IDocumentStore store, string name, IReadOnlyCollection<string> scopes,
        string? teamId, string? projectId, long? expiresAtEpoch, long nowEpoch, CancellationToken ct, Changer? by = null)
    {
        by ??= Changer.Cli;
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a key needs a name");
        var unknown = scopes.Where(s => !Scopes.Known.Contains(s)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown scope '{unknown[0]}': use {string.Join(", ", Scopes.Known)}");
        if (scopes.Count == 0) throw new ArgumentException("at least one scope is required");
        teamId ??= Caller.DefaultTeam;

        var raw = ApiKeySecrets.NewRawKey();
        var key = new ApiKey
        {
            Id = ApiKeySecrets.NewKeyId(),
            Name = name,
            KeyHash = ApiKeySecrets.Hash(raw),
            Scopes = scopes.Distinct().ToArray(),
            TeamId = teamId,
            ProjectId = projectId,
            CreatedAtEpoch = nowEpoch,
            ExpiresAtEpoch = expiresAtEpoch,
            CreatedBy = by.Actor,
        };

        await using var session = store.LightweightSession();
        session.Insert(key);
        session.Insert(AuditOf(AuditActions.ApiKeyCreated, key, nowEpoch, by));
        await session.SaveChangesAsync(ct);
        return new Created(key, raw);
    }

    /// <summary>Every key (the CLI is the operator), or only those <paramref name="caller"/> may manage.</summary>
    public static async Task<IReadOnlyList<ApiKey>> ListAsync(IDocumentStore store, CancellationToken ct, Caller? caller = null)
    {
        await using var query = store.QuerySession();
        IQueryable<ApiKey> keys = query.Query<ApiKey>();
        if (caller is not null)
        {
            keys = keys.Where(k => k.TeamId == caller.TeamId);
            if (!caller.HasScope(Scopes.Admin)) keys = keys.Where(k => k.CreatedBy == caller.Actor);
            else if (caller.ProjectId is { } project) keys = keys.Where(k => k.ProjectId == project);
        }
        return await keys.OrderBy(k => k.CreatedAtEpoch).ToListAsync(ct);
    }

    /// <summary>
    /// Returns the revoked key, or null when no key has that id (or <paramref name="caller"/> may not manage it:
    /// another team's key looks missing). Revoking twice keeps the first time.
    /// </summary>
    public static async Task<ApiKey?> RevokeAsync(IDocumentStore store, string id, long nowEpoch, CancellationToken ct,
        Caller? caller = null, Changer? by = null)
    {
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<ApiKey>(id, ct);
        if (key is null || (caller is not null && !KeyMinting.MayManage(caller, key))) return null;
        if (key.RevokedAtEpoch is not null) return key;
        key.RevokedAtEpoch = nowEpoch;
        session.Update(key);
        session.Insert(AuditOf(AuditActions.ApiKeyRevoked, key, nowEpoch, by ?? Changer.Cli));
        await session.SaveChangesAsync(ct);
        return key;
    }

    private static AuditEntry AuditOf(string action, ApiKey key, long nowEpoch, Changer by) => new()
    {
        Id = Guid.CreateVersion7(),
        AtEpoch = nowEpoch,
        RequestId = by.RequestId,
        Actor = by.Actor,
        Action = action,
        TeamId = key.TeamId,
        ProjectId = key.ProjectId,
        Target = key.Id,
    };
}
