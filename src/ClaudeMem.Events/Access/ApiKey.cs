using System.Linq.Expressions;
using Marten.Linq;

namespace ClaudeMem.Events.Access;

public static class Scopes
{
    public const string Read = "memories:read";
    public const string Write = "memories:write";
    public const string Admin = "memories:admin";
    public const string All = "*";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { Read, Write, Admin, All };
}

/// <summary>
/// An API key. Only the SHA-256 of the secret is kept (unique index); the secret is shown once.
/// Loaded by hash on every request, so revocation and expiry bite on the next request.
/// </summary>
public sealed class ApiKey
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string[] Scopes { get; set; } = [];
    public string TeamId { get; set; } = "";
    public string? ProjectId { get; set; }
    public long CreatedAtEpoch { get; set; }
    public long? LastUsedAtEpoch { get; set; }
    public long? ExpiresAtEpoch { get; set; }
    public long? RevokedAtEpoch { get; set; }

    /// <summary>Who minted it: "cli", or the id of the key that minted it over HTTP.</summary>
    public string CreatedBy { get; set; } = "";

    public bool IsUsableAt(long nowEpoch) =>
        RevokedAtEpoch is null && (ExpiresAtEpoch is null || ExpiresAtEpoch > nowEpoch);
}

/// <summary>The per-request key lookup, compiled once instead of parsing the LINQ on every request.</summary>
public sealed class ApiKeyByHash : ICompiledQuery<ApiKey, ApiKey?>
{
    public string Hash { get; set; } = "";

    public Expression<Func<IMartenQueryable<ApiKey>, ApiKey?>> QueryIs() => keys => keys.FirstOrDefault(k => k.KeyHash == Hash);
}

/// <summary>Who did what, written in the same transaction as the change it records.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public long AtEpoch { get; set; }
    public string RequestId { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? TeamId { get; set; }
    public string? ProjectId { get; set; }
    public string? Target { get; set; }
}
