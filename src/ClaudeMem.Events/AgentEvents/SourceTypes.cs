
namespace ClaudeMem.Events.AgentEvents;

/// <summary>Where an agent event came from, as the client declares it.</summary>
public static class SourceTypes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { "hook", "worker", "provider", "server", "api" };
}
