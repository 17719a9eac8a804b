using ClaudeMem.Events.Memories;

namespace ClaudeMem.Http.Memories;

/// <summary>A memory, as added, read or edited.</summary>
public sealed record MemoryAnswer(MemoryView Memory);
