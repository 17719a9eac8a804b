namespace ClaudeMem.Http.Keys;

/// <param name="Scopes">Default: read-only, the key an MCP client needs.</param>
/// <param name="ProjectId">Default: the minting key's project.</param>
/// <param name="ExpiresInDays">Default: the minting key's own expiry, or never.</param>
public sealed record MintKeyRequest(string? Name, string[]? Scopes, string? ProjectId, int? ExpiresInDays);
