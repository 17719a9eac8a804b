using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

/// <summary>One note the model wrote (the parser's output, and part of <see cref="ObservationsGenerated"/>).</summary>
public sealed record GeneratedObservation(
    string Type, string? Title, string? Subtitle, IReadOnlyList<string> Facts, string? Narrative,
    IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified);
