using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

public sealed record SummaryGenerated(
    Guid ResultStreamId, string JobId, string TeamId, string ProjectId, Guid SessionId,
    GeneratedSummary Summary, long AtEpoch);
