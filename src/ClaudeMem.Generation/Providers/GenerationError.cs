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

/// <param name="Reason">Human-readable, names the provider and HTTP status; recorded on the job.</param>
/// <param name="RetryAfter">The server's own hint (Retry-After header or Gemini RetryInfo); null means
/// the queue's exponential backoff decides.</param>
public sealed record GenerationError(GenerationErrorKind Kind, string Reason, TimeSpan? RetryAfter = null)
{
    public bool IsRetryable => Kind is GenerationErrorKind.Transient or GenerationErrorKind.RateLimited;
}

/// <summary>Either a value or a classified error, never both.</summary>
public sealed record GenerationResult<T>
{
    private GenerationResult(T? value, GenerationError? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public GenerationError? Error { get; }
    public bool IsSuccess => Error is null;

    /// <summary>Tokens the provider reported for this answer (prompt and completion), when it reports them.</summary>
    public long? Tokens { get; init; }

    public static GenerationResult<T> Success(T value) => new(value, null);
    public static GenerationResult<T> Failure(GenerationError error) => new(default, error);
}
