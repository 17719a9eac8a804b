namespace ClaudeMem.Http.Usage;

public sealed record UsageCaps(int? RequestsPerMinute, long? RequestsPerMonth, long? TokensPerMonth);
