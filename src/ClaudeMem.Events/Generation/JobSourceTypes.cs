
namespace ClaudeMem.Events.Generation;

public static class JobSourceTypes
{
    public const string Event = "event";
    public const string Session = "session";
}
