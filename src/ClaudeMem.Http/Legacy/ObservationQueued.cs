using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.Jobs;

namespace ClaudeMem.Http.Legacy;

/// <summary>The tool use recorded, as <c>status: queued</c>, with its event and generation job.</summary>
public sealed record ObservationQueued(string Status, AgentEventView Event, JobDescriptor? GenerationJob);
