namespace ClaudeMem.Events.Memories;

/// <summary>The kinds of note memory holds (product.md, Generation).</summary>
public static class ObservationTypes
{
    public const string Default = "discovery";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        { "bugfix", "feature", "refactor", "change", "discovery", "decision", "security_alert", "security_note" };
}
