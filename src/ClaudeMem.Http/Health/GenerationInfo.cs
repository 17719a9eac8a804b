namespace ClaudeMem.Http.Health;

public sealed record GenerationInfo(bool Enabled, string Provider);
