using System.Text.Json;

namespace ClaudeMem.Events.Memories;

/// <summary>A memory written by a client directly (no generation). Its own stream.</summary>
public sealed record MemoryRecorded(
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
    JsonElement? Metadata,
    long RecordedAtEpoch);
