using ClaudeMem.Events.Access;
using ClaudeMem.Http.Infrastructure;
using Marten;

namespace ClaudeMem.Http.Auth;

/// <summary>Creating, listing and revoking keys: the operations behind `server api-key ...`.</summary>
public static class ApiKeyAdmin
{
    public const string CliActor = "cli";

    public sealed record Created(ApiKey Key, string RawKey);

    public static async Task<Created> CreateAsync(IDocumentStore store, string name, IReadOnlyCollection<string> scopes,
        string? teamId, string? projectId, long? expiresAtEpoch, long nowEpoch, CancellationToken ct)
    {
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
        };

        await using var session = store.LightweightSession();
        // The team and project a key is bound to exist from its creation on.
        if (await session.LoadAsync<Team>(teamId, ct) is null)
            session.Store(new Team { Id = teamId, CreatedAtEpoch = nowEpoch });
        if (projectId is not null && await session.LoadAsync<Project>(Project.KeyOf(teamId, projectId), ct) is null)
            session.Store(new Project { Id = Project.KeyOf(teamId, projectId), TeamId = teamId, ProjectId = projectId, CreatedAtEpoch = nowEpoch });
        session.Insert(key);
        session.Insert(AuditOf(AuditActions.ApiKeyCreated, key, nowEpoch));
        await session.SaveChangesAsync(ct);
        return new Created(key, raw);
    }

    public static async Task<IReadOnlyList<ApiKey>> ListAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Query<ApiKey>().OrderBy(k => k.CreatedAtEpoch).ToListAsync(ct);
    }

    /// <summary>Returns the revoked key, or null when no key has that id. Revoking twice keeps the first time.</summary>
    public static async Task<ApiKey?> RevokeAsync(IDocumentStore store, string id, long nowEpoch, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<ApiKey>(id, ct);
        if (key is null || key.RevokedAtEpoch is not null) return key;
        key.RevokedAtEpoch = nowEpoch;
        session.Update(key);
        session.Insert(AuditOf(AuditActions.ApiKeyRevoked, key, nowEpoch));
        await session.SaveChangesAsync(ct);
        return key;
    }

    private static AuditEntry AuditOf(string action, ApiKey key, long nowEpoch) => new()
    {
        Id = Guid.CreateVersion7(),
        AtEpoch = nowEpoch,
        RequestId = "cli",
        Actor = CliActor,
        Action = action,
        TeamId = key.TeamId,
        ProjectId = key.ProjectId,
        Target = key.Id,
    };
}
