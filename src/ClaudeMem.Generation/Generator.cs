using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Parsing;
using ClaudeMem.Generation.Prompts;
using ClaudeMem.Generation.Providers;

namespace ClaudeMem.Generation;

/// <summary>One generation step for the worker: prompt, provider call, parse, with every failure classified.</summary>
public static class Generator
{
    public static Task<GenerationResult<IReadOnlyList<GeneratedObservation>>> GenerateObservationsAsync(
        IGenerationProvider provider, IReadOnlyList<PromptEvent> events, PromptOptions options, CancellationToken ct) =>
        GenerateObservationsAsync(provider, events, [], options, ct);

    /// <param name="events">The new events to observe, usually the one event of the job.</param>
    /// <param name="context">Earlier events shown for understanding only, typically the session's latest user prompt; may be empty.</param>
    public static async Task<GenerationResult<IReadOnlyList<GeneratedObservation>>> GenerateObservationsAsync(
        IGenerationProvider provider, IReadOnlyList<PromptEvent> events, IReadOnlyList<PromptEvent> context,
        PromptOptions options, CancellationToken ct)
    {
        var answer = await provider.CompleteAsync(GenerationPrompts.ForObservations(events, options, context), ct);
        if (answer.Error is { } error)
        {
            return GenerationResult<IReadOnlyList<GeneratedObservation>>.Failure(error);
        }

        var parsed = GenerationOutputParser.ParseObservations(answer.Value!);
        return parsed.Error is { } parseError
            ? GenerationResult<IReadOnlyList<GeneratedObservation>>.Failure(NameProvider(parseError, provider))
            : parsed with { Tokens = answer.Tokens };
    }

    public static async Task<GenerationResult<GeneratedSummary>> GenerateSummaryAsync(
        IGenerationProvider provider, IReadOnlyList<PromptEvent> events, PromptOptions options, CancellationToken ct)
    {
        var answer = await provider.CompleteAsync(GenerationPrompts.ForSummary(events, options), ct);
        if (answer.Error is { } error)
        {
            return GenerationResult<GeneratedSummary>.Failure(error);
        }

        var parsed = GenerationOutputParser.ParseSummary(answer.Value!);
        return parsed.Error is { } parseError
            ? GenerationResult<GeneratedSummary>.Failure(NameProvider(parseError, provider))
            : parsed with { Tokens = answer.Tokens };
    }

    private static GenerationError NameProvider(GenerationError error, IGenerationProvider provider) =>
        error with { Reason = $"{provider.Name}: {error.Reason}" };
}
