namespace ClaudeMem.Http.Infrastructure;

public sealed record DeletedRecord(string Kind, Guid Id);
