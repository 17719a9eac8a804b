namespace ClaudeMem.Http.Health;

/// <summary>The queue lanes the server reports: event observations and session summaries.</summary>
public static class QueueLanes
{
    public static readonly string[] All = ["event", "summary"];
}
