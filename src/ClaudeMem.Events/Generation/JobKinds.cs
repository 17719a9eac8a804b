
namespace ClaudeMem.Events.Generation;

/// <summary>The two kinds of generation work; each is also the name of its BullMQ queue.</summary>
public static class JobKinds
{
    public const string Event = "event";
    public const string Summary = "summary";

    public static readonly IReadOnlyList<string> All = [Event, Summary];
}
