using System.Text.Json;

namespace ClaudeMem.Generation.Prompts;

/// <summary>One session event as the generation pipeline sees it.</summary>
public sealed record PromptEvent(string EventType, DateTimeOffset OccurredAt, JsonElement Payload);
