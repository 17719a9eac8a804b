using System.Text;

namespace ClaudeMem.Events.Search;

/// <summary>
/// Lexemes that let the full-text index answer a search's filters together with its words, so a
/// word found in thousands of records, narrowed by type and folder to a handful, reads only the
/// handful. Each is a prefix and a value: <c>k:</c> kind, <c>t:</c> type, <c>c:</c> a concept in
/// lower case (queried as a prefix), <c>f:</c> every name a file filter can give a path (the path,
/// each folder above it, each tail after a slash). No query parser produces a lexeme with a colon,
/// so a searched word never matches one. The filters are still checked exactly on the rows; the index is asked for
/// kinds and types only when no concept or file narrows the search.
/// </summary>
public static class FilterTokens
{
    public static string[] Of(string kind, string? type, IEnumerable<string> concepts, IEnumerable<string> files)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal) { "k:" + kind };
        if (!string.IsNullOrEmpty(type)) tokens.Add("t:" + type);
        foreach (var concept in concepts) tokens.Add("c:" + concept.ToLowerInvariant());
        foreach (var file in files)
            foreach (var name in FileNames(file.TrimEnd('/')))
                tokens.Add("f:" + name);
        tokens.Remove("c:");
        tokens.Remove("f:");
        return [.. tokens.Where(Fits).Select(SearchRecord.Clean)];
    }

    /// <summary>The filters as a tsquery (text), or null when none of them is a token filter.</summary>
    public static string? QueryOf(SearchCriteria criteria)
    {
        var clauses = new List<string>();
        void AnyOf(IEnumerable<string> lexemes, string suffix = "")
        {
            var list = lexemes.ToList();
            // A value too long to be a lexeme was never indexed as one: the exact check alone must decide.
            if (list.Count > 0 && list.All(Fits)) clauses.Add("(" + string.Join(" | ", list.Select(l => Quote(l) + suffix)) + ")");
        }
        AnyOf(criteria.Concepts.Select(c => "c:" + c.ToLowerInvariant()), ":*");
        AnyOf(criteria.Files.Select(f => "f:" + f.TrimEnd('/')));
        // A kind or a type is in a large share of the records (a type in ~1 of 8): beside a concept or a file, its long
        // posting list narrows little and costs the most to read. At 1.1M records (EXPLAIN ANALYZE, PostgreSQL 15 defaults,
        // warm cache), a word + type + folder: 108 index pages and 1.4 ms for the statement with the type's token, 29 pages
        // and 1.1 ms without.
        if (clauses.Count == 0)
        {
            AnyOf(criteria.Kinds.Select(k => "k:" + k));
            AnyOf(criteria.Types.Select(t => "t:" + t));
        }
        return clauses.Count == 0 ? null : string.Join(" & ", clauses);
    }

    /// <summary>The path, each folder above it and each tail after a slash: what a file filter may name.</summary>
    private static IEnumerable<string> FileNames(string path)
    {
        yield return path;
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (slash > 0) yield return path[..slash];
            if (slash < path.Length - 1) yield return path[(slash + 1)..];
        }
    }

    /// <summary>PostgreSQL refuses lexemes of 2 KiB or more.</summary>
    private const int MaxLexemeBytes = 2046;

    private static bool Fits(string lexeme) => Encoding.UTF8.GetByteCount(lexeme) <= MaxLexemeBytes;

    /// <summary>A lexeme in tsquery syntax: quoted, with quotes doubled and backslashes escaped.</summary>
    private static string Quote(string lexeme) =>
        new StringBuilder("'").Append(SearchRecord.Clean(lexeme).Replace("\\", "\\\\").Replace("'", "''")).Append('\'').ToString();
}
