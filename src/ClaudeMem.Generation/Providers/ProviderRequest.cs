using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Prompts;

namespace ClaudeMem.Generation.Providers;

/// <param name="Kind">What is asked for: one of <see cref="JobKinds"/> (an event job's observations, or a session summary).</param>
/// <param name="Events">The events the prompt asks about, already sanitized: HTTP providers send only the
/// prompt text, the offline provider derives its answer from these.</param>
/// <param name="ContextEvents">Earlier, sanitized events shown for understanding only (e.g. the user's prompt).</param>
public sealed record ProviderRequest(
    string Kind,
    string SystemPrompt,
    string UserPrompt,
    IReadOnlyList<PromptEvent> Events,
    IReadOnlyList<PromptEvent> ContextEvents);
