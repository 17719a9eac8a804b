using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Sessions;

namespace ClaudeMem.Http.Infrastructure;

// Answer bodies more than one route sends; each route declares the one it sends with [ProducesResponseType],
// so /openapi/v1.json describes exactly the type serialised.

/// <summary>What a delete removed: its kind and id.</summary>
public sealed record DeletedAnswer(DeletedRecord Deleted);

public sealed record DeletedRecord(string Kind, Guid Id);

/// <summary>A memory, as added, read or edited.</summary>
public sealed record MemoryAnswer(MemoryView Memory);

/// <summary>A session, as started or read.</summary>
public sealed record SessionAnswer(SessionView Session);
