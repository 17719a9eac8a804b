namespace ClaudeMem.Generation.Providers;

/// <param name="BaseUrl">Scheme, host and any path prefix; each provider appends its own route.</param>
/// <param name="Timeout">For the whole exchange, headers and body, of one request.</param>
public sealed record ProviderOptions(Uri BaseUrl, string ApiKey, string Model, TimeSpan Timeout, int MaxOutputTokens);
