using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

public sealed record GeneratedSummary(
    string? Request, string? Investigated, string? Learned, string? Completed, string? NextSteps, string? Notes);
