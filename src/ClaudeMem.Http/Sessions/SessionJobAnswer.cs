using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Jobs;

namespace ClaudeMem.Http.Sessions;

/// <summary>A session and its summary job (absent when none was queued).</summary>
public sealed record SessionJobAnswer(SessionView Session, JobDescriptor? GenerationJob);
