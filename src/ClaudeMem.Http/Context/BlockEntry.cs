namespace ClaudeMem.Http.Context;

/// <summary>One entry of the block: an observation or a manual memory, with its detail for the newest few.</summary>
public sealed record BlockEntry(Guid Id, string Kind, string? Type, string Title, long CreatedAtEpoch, string? Narrative, IReadOnlyList<string> Facts);
