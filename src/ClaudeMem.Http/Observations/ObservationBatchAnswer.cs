namespace ClaudeMem.Http.Observations;

/// <summary>The records found, in the order asked, and the ids not found or not visible to the key.</summary>
public sealed record ObservationBatchAnswer(IReadOnlyList<FullRecord> Observations, IReadOnlyList<Guid> Missing);
