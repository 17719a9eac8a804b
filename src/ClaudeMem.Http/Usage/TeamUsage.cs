namespace ClaudeMem.Http.Usage;

/// <summary>A team's usage in one month, for GET /v1/usage and `server usage`.</summary>
public sealed record TeamUsage(string TeamId, string Month, long Requests, long Tokens, long Observations, IReadOnlyList<KeyUsage> Keys);
