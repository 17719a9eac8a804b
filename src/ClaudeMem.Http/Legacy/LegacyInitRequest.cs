namespace ClaudeMem.Http.Legacy;

public sealed record LegacyInitRequest(string? ContentSessionId, string? Project, string? Prompt);
