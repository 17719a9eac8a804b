using System.Text.Json;

namespace ClaudeMem.Http.Observations;

public sealed record FullMemory(
    Guid Id, string ProjectId, Guid? SessionId, string Type, string Title, string? Subtitle, string Text, IReadOnlyList<string> Facts,
    IReadOnlyList<string> Concepts, IReadOnlyList<string> Files, JsonElement? Metadata, long CreatedAtEpoch, long UpdatedAtEpoch) : FullRecord;
