using ClaudeMem.Events.Access;

namespace ClaudeMem.Http.Keys;

/// <summary>A key as the CLI and /v1/keys show it: everything but the hash; the raw key is shown once, at creation.</summary>
public sealed record KeyDescriptor(string Id, string Name, string[] Scopes, string TeamId, string? ProjectId, string Status,
    string CreatedBy, long CreatedAtEpoch, long? LastUsedAtEpoch, long? ExpiresAtEpoch, long? RevokedAtEpoch)
{
    public const string Active = "active";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    public static KeyDescriptor From(ApiKey k, long nowEpoch) => new(k.Id, k.Name, k.Scopes, k.TeamId, k.ProjectId,
        k.RevokedAtEpoch is not null ? Revoked : k.IsUsableAt(nowEpoch) ? Active : Expired,
        k.CreatedBy, k.CreatedAtEpoch, k.LastUsedAtEpoch, k.ExpiresAtEpoch, k.RevokedAtEpoch);
}
