namespace ClaudeMem.Http.Usage;

/// <summary>
/// One key's requests, and the tokens and observations of the generation jobs its requests created. The team's
/// totals also hold what no key asked for (the local-dev caller, jobs recorded before keys were kept), so they may exceed the keys' sum.
/// </summary>
public sealed record KeyUsage(string KeyId, long Requests, long Tokens, long Observations);
