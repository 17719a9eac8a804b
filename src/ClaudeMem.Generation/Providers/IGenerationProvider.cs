namespace ClaudeMem.Generation.Providers;

/// <summary>The seam between generation and an LLM. Implementations classify failures and never retry:
/// the queue owns retries and backoff.</summary>
public interface IGenerationProvider
{
    string Name { get; }

    /// <returns>The model's raw answer text, or a classified error.</returns>
    Task<GenerationResult<string>> CompleteAsync(ProviderRequest request, CancellationToken ct);
}
