namespace ClaudeMem.Http.Observations;

public sealed record ObservationBatchRequest(IReadOnlyList<Guid>? Ids);
