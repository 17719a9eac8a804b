namespace ClaudeMem.Http.Memories;

/// <summary>The fields to change; absent ones keep their value.</summary>
public sealed record EditMemoryRequest(
    string? Type = null, string? Title = null, string? Subtitle = null, string? Text = null,
    IReadOnlyList<string>? Facts = null, IReadOnlyList<string>? Concepts = null, IReadOnlyList<string>? Files = null);
