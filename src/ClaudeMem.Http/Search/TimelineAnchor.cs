namespace ClaudeMem.Http.Search;

/// <summary>The record the timeline is centred on (no id when the anchor was a moment) and its time.</summary>
public sealed record TimelineAnchor(Guid? Id, long AtEpoch);
