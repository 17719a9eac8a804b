namespace ClaudeMem.Http.Health;

public sealed record ServerInfo(string Name, string Runtime, string AuthMode, bool LocalDevBypass, int SchemaVersion, QueueInfo Queue, GenerationInfo Generation);
