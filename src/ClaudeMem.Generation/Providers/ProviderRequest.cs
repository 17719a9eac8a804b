using ClaudeMem.Generation.Prompts;

namespace ClaudeMem.Generation.Providers;

public enum GenerationKind
{
    Observations,
    Summary,
}

/// <param name="Events">The events the prompt asks about, already sanitized: HTTP providers send only the
/// prompt text, the offline provider derives its answer from these.</param>
/// <param name="ContextEvents">Earlier, sanitized events shown for understanding only (e.g. the user's prompt).</param>
public sealed record ProviderRequest(
    GenerationKind Kind,
    string SystemPrompt,
    string UserPrompt,
    IReadOnlyList<PromptEvent> Events,
    IReadOnlyList<PromptEvent> ContextEvents);

/// <summary>The seam between generation and an LLM. Implementations classify failures and never retry:
/// the queue owns retries and backoff.</summary>
public interface IGenerationProvider
{
    string Name { get; }

    /// <returns>The model's raw answer text, or a classified error.</returns>
    Task<GenerationResult<string>> CompleteAsync(ProviderRequest request, CancellationToken ct);
}
