using ClaudeMem.Events;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Health;

public static class InfoEndpoint
{
    [WolverineGet("/v1/info")]
    public static ServerInfo Info(ServerSettings settings) => new(
        "claude-mem-server", settings.Runtime ?? "server", settings.AuthMode, settings.LocalDevBypassActive,
        EventStoreRegistration.SchemaVersion, new QueueInfo(settings.QueueEngine, settings.QueuePrefix, QueueLanes.All),
        new GenerationInfo(!settings.GenerationDisabled, settings.Provider));
}
