using System.Linq.Expressions;
using Marten.Linq;

namespace ClaudeMem.Events.Access;

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
