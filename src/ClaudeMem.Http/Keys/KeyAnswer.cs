namespace ClaudeMem.Http.Keys;

public sealed record KeyAnswer(KeyDescriptor ApiKey);
