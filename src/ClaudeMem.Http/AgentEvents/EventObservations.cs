using ClaudeMem.Events.Generation;

namespace ClaudeMem.Http.AgentEvents;

/// <summary>The observations generated from one event, oldest first.</summary>
public sealed record EventObservations(IReadOnlyList<ObservationView> Observations);
