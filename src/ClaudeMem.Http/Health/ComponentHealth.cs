namespace ClaudeMem.Http.Health;

public sealed record ComponentHealth(string Status, string? Error);
