namespace ClaudeMem.Http.Search;

/// <summary>The timeline: its anchor (absent when a query matched nothing), the projects read and the records in time order.</summary>
public sealed record TimelineAnswer(TimelineAnchor? Anchor, IReadOnlyList<string> Projects, IEnumerable<TimelineItem> Items);
