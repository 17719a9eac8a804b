namespace ClaudeMem.Http.Health;

public sealed record QueueInfo(string Engine, string Prefix, IReadOnlyList<string> Lanes);
