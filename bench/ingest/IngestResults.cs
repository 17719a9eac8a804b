namespace ClaudeMem.Bench.Ingest;

/// <summary>
/// bench/results/ingest.md carries the latest durable side-by-side summary below the raw-ceiling report
/// (issue 11 asks for the table there), between two markers, so each mode rewrites only its own part.
/// </summary>
public static class IngestResults
{
    public const string File = "bench/results/ingest.md";
    private const string Start = "<!-- side-by-side: written by bench/ingest/run.sh --side-by-side -->";
    private const string End = "<!-- side-by-side end -->";

    /// <summary>The raw-ceiling report, keeping the side-by-side part the file already had.</summary>
    public static string WithSideBySideKept(string rawCeilingReport, string path) =>
        SideBySidePart(path) is { } kept ? rawCeilingReport.TrimEnd() + "\n\n" + kept + "\n" : rawCeilingReport;

    /// <summary>The file with its side-by-side part replaced by (or appended as) <paramref name="summary"/>.</summary>
    public static string WithSideBySide(string path, string summary)
    {
        var text = System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path) : "";
        var part = $"{Start}\n{summary.TrimEnd()}\n{End}";
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        return start >= 0 && end > start
            ? text[..start] + part + text[(end + End.Length)..]
            : text.TrimEnd() + "\n\n" + part + "\n";
    }

    private static string? SideBySidePart(string path)
    {
        if (!System.IO.File.Exists(path)) return null;
        var text = System.IO.File.ReadAllText(path);
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        return start >= 0 && end > start ? text[start..(end + End.Length)] : null;
    }
}
