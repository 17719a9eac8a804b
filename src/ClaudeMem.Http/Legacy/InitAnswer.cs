using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Legacy;

/// <summary>The TypeScript server's init answer: the session's id as <c>sessionDbId</c> and the prompt's number.</summary>
public sealed record InitAnswer(Guid SessionDbId, int PromptNumber, bool Skipped, SessionView Session);
