using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Sessions;

/// <summary>A session, as started or read.</summary>
public sealed record SessionAnswer(SessionView Session);
