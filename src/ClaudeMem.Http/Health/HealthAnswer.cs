namespace ClaudeMem.Http.Health;

/// <summary>ok or degraded for anyone; the database and queue details only for a caller with a key.</summary>
public sealed record HealthAnswer(string Status, ComponentHealth? Database = null, QueueDetails? Queue = null);
