namespace ClaudeMem.Http.Health;

public sealed record StatusAnswer(string Status);
