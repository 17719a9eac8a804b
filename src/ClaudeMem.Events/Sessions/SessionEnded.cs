
namespace ClaudeMem.Events.Sessions;

public sealed record SessionEnded(Guid SessionId, long EndedAtEpoch);
