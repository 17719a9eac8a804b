
namespace ClaudeMem.Events.Sessions;

public static class SessionStatus
{
    public const string Active = "active";
    public const string Ended = "ended";
}
