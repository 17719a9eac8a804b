namespace ClaudeMem.Http.Infrastructure;

/// <summary>What a delete removed: its kind and id.</summary>
public sealed record DeletedAnswer(DeletedRecord Deleted);
