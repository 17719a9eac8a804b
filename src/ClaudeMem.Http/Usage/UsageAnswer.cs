namespace ClaudeMem.Http.Usage;

public sealed record UsageAnswer(TeamUsage Usage, UsageCaps Caps);
