namespace ClaudeMem.Http.Keys;

public sealed record KeyList(IReadOnlyList<KeyDescriptor> ApiKeys);
