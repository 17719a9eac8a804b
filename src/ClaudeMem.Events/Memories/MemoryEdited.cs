namespace ClaudeMem.Events.Memories;

/// <summary>A memory's content after an edit: the whole record, so projections need nothing else to rebuild it.</summary>
public sealed record MemoryEdited(
    Guid MemoryId,
    string TeamId,
    string ProjectId,
    Guid? SessionId,
    string Type,
    string Title,
    string? Subtitle,
    string Text,
    IReadOnlyList<string> Facts,
    IReadOnlyList<string> Concepts,
    IReadOnlyList<string> Files,
    long CreatedAtEpoch,
    long EditedAtEpoch);
