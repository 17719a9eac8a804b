namespace ClaudeMem.Generation.Providers;

public enum GenerationErrorKind
{
    /// <summary>5xx, timeouts, refused or dropped connections: retry with backoff.</summary>
    Transient,
    /// <summary>429 without quota exhaustion: retry, honouring <see cref="GenerationError.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>401/403: the key is wrong or lacks access; retrying cannot help.</summary>
    Auth,
    /// <summary>402, or a billing/credit/daily-quota exhaustion: final until someone pays or waits a day.</summary>
    Quota,
    /// <summary>Malformed provider JSON, missing fields, or an answer without the expected XML.</summary>
    Parse,
    /// <summary>Any other 4xx: the request itself is wrong.</summary>
    InvalidRequest,
}
