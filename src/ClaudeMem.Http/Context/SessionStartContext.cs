namespace ClaudeMem.Http.Context;

/// <summary>The session-start block: the rendered text, the projects it covers and what it holds.</summary>
public sealed record SessionStartContext(string Context, IReadOnlyList<string> Projects, int ObservationCount, int SummaryCount, int Bytes);
