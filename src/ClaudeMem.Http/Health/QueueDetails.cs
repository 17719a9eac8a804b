namespace ClaudeMem.Http.Health;

public sealed record QueueDetails(string Engine, string Prefix, IReadOnlyList<string> Lanes, bool GenerationEnabled, QueueHealth.QueueStatus Health);
