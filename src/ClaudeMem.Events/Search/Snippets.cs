namespace ClaudeMem.Events.Search;

/// <summary>Snippets the database does not make: the substring fallback's and the plain listing's.</summary>
public static class Snippets
{
    public const int LeadChars = 200;

    public static string Lead(string body)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= LeadChars ? flat : flat[..LeadChars].TrimEnd() + " …";
    }

    /// <summary>The text around the first term found, each term found in it marked.</summary>
    public static string AroundFirst(string body, IReadOnlyList<string> terms)
    {
        var flat = body.ReplaceLineEndings(" ");
        var first = terms.Select(t => flat.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - SearchQueries.SnippetContextChars);
        var end = Math.Min(flat.Length, first + SearchQueries.SnippetContextChars * 2);
        var window = flat[start..end];
        foreach (var term in terms.OrderByDescending(t => t.Length))
            window = Mark(window, term);
        return (start > 0 ? "… " : "") + window + (end < flat.Length ? " …" : "");
    }

    private static string Mark(string text, string term)
    {
        var result = new System.Text.StringBuilder();
        var at = 0;
        while (true)
        {
            var found = text.IndexOf(term, at, StringComparison.OrdinalIgnoreCase);
            if (found < 0) break;
            // Already inside a mark made for a longer term.
            if (IsMarked(text, found)) { result.Append(text, at, found + term.Length - at); at = found + term.Length; continue; }
            result.Append(text, at, found - at).Append(SearchQueries.SnippetStart).Append(text, found, term.Length).Append(SearchQueries.SnippetStop);
            at = found + term.Length;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    private static bool IsMarked(string text, int index)
    {
        var opens = 0;
        for (var i = text.IndexOf(SearchQueries.SnippetStart, StringComparison.Ordinal); i >= 0 && i < index;
             i = text.IndexOf(SearchQueries.SnippetStart, i + SearchQueries.SnippetStart.Length, StringComparison.Ordinal))
            opens++;
        return opens % 2 == 1;
    }
}
