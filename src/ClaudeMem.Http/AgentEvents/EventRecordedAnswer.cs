using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.Jobs;

namespace ClaudeMem.Http.AgentEvents;

/// <summary>
/// The recorded event, its generation job (absent with generate=false) and whether this request created it;
/// waitTimedOut only with wait=true.
/// </summary>
public sealed record EventRecordedAnswer(AgentEventView Event, JobDescriptor? GenerationJob, bool Created, bool? WaitTimedOut = null);
