namespace ClaudeMem.Events.Search;

/// <summary>How the hits were found: ranked full-text, the substring fallback, or filters alone.</summary>
public static class MatchModes
{
    public const string FullText = "fulltext";
    public const string Substring = "substring";
    public const string Filter = "filter";
}
