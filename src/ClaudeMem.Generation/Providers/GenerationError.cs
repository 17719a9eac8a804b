namespace ClaudeMem.Generation.Providers;

/// <param name="Reason">Human-readable, names the provider and HTTP status; recorded on the job.</param>
/// <param name="RetryAfter">The server's own hint (Retry-After header or Gemini RetryInfo); null means
/// the queue's exponential backoff decides.</param>
public sealed record GenerationError(GenerationErrorKind Kind, string Reason, TimeSpan? RetryAfter = null)
{
    public bool IsRetryable => Kind is GenerationErrorKind.Transient or GenerationErrorKind.RateLimited;
}
