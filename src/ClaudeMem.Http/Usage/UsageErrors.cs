namespace ClaudeMem.Http.Usage;

/// <summary>The error codes of the limits, named as the TypeScript server names them.</summary>
public static class UsageErrors
{
    public const string RateLimited = "rate_limited";
    public const string QuotaExceeded = "quota_exceeded";
}
