using ClaudeMem.Events.AgentEvents;

namespace ClaudeMem.Http.AgentEvents;

public sealed record EventAnswer(AgentEventView Event);
