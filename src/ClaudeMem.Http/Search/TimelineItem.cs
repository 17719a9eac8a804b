namespace ClaudeMem.Http.Search;

public sealed record TimelineItem(string Kind, Guid Id, long CreatedAtEpoch, string? Type, string Title, string ProjectId, Guid? SessionId, bool IsAnchor);
