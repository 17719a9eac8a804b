using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

/// <summary>
/// The output of one event job: the first event of the job's result stream, whose id is derived
/// from the job id, so a second delivery of the same job collides instead of adding a second set.
/// </summary>
public sealed record ObservationsGenerated(
    Guid ResultStreamId, string JobId, string TeamId, string ProjectId, Guid? SessionId, Guid SourceEventId,
    int? PromptNumber, IReadOnlyList<GeneratedObservation> Observations, long AtEpoch);
