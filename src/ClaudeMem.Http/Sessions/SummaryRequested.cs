using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Jobs;

namespace ClaudeMem.Http.Sessions;

/// <summary>The session, its checkpoint (or final) summary job, and whether this request queued it.</summary>
public sealed record SummaryRequested(SessionView Session, JobDescriptor? GenerationJob, bool Created);
