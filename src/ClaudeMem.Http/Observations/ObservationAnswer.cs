namespace ClaudeMem.Http.Observations;

/// <summary>One record with all it holds.</summary>
public sealed record ObservationAnswer(FullRecord Observation);
