namespace ClaudeMem.Events.Search;

/// <summary>
/// Snippets, made here rather than by the database's <c>ts_headline</c>, which costs a parse and a stemming of every
/// word of every body on a page: the ranked search's (words marked by stem), the substring fallback's and the plain listing's.
/// </summary>
public static class Snippets
{
    public const int LeadChars = 200;

    /// <summary>Words shown around the best match of a ranked hit.</summary>
    public const int WindowWords = 30;

    /// <summary>Words shown before the first match of the window.</summary>
    public const int WordsBefore = 5;

    /// <summary>
    /// Longest ending a stem may lose: English stems are the word's start ('connection' is 'connect', 'caching' is
    /// 'cach'), a 'y' becoming 'i' ('query' is 'queri'); past a few letters the word is another one ('go', 'google').
    /// </summary>
    public const int MaxEndingChars = 5;

    /// <summary>
    /// The words around the part of the body holding the most of the query's stems (PostgreSQL lexemes), every word
    /// with one of those stems marked; the body's lead when none is found.
    /// </summary>
    public static string AroundStems(string body, IReadOnlyList<string> stems)
    {
        var flat = body.ReplaceLineEndings(" ");
        var words = new List<(int Start, int End, int Stem)>();
        for (var i = 0; i < flat.Length;)
        {
            if (!char.IsLetterOrDigit(flat[i])) { i++; continue; }
            var start = i;
            while (i < flat.Length && (char.IsLetterOrDigit(flat[i]) || IsJoiner(flat, i))) i++;
            words.Add((start, i, StemOf(flat.AsSpan(start, i - start), stems)));
        }
        var best = -1;
        var bestCount = 0;
        // Runs for every matching word of every hit on a page: one reused array instead of a LINQ pipeline per window.
        Span<bool> seen = stems.Count <= 256 ? stackalloc bool[stems.Count] : new bool[stems.Count];
        for (var w = 0; w < words.Count; w++)
        {
            if (words[w].Stem < 0) continue;
            var first = Math.Max(0, w - WordsBefore);
            seen.Clear();
            var count = 0;
            for (var x = first; x < Math.Min(words.Count, first + WindowWords); x++)
                if (words[x].Stem >= 0 && !seen[words[x].Stem]) { seen[words[x].Stem] = true; count++; }
            if (count > bestCount) (best, bestCount) = (first, count);
        }
        if (best < 0) return Lead(body);
        var last = Math.Min(words.Count, best + WindowWords) - 1;
        var text = new System.Text.StringBuilder();
        if (best > 0) text.Append("… ");
        var at = words[best].Start;
        for (var w = best; w <= last; w++)
        {
            if (words[w].Stem < 0) continue;
            text.Append(flat, at, words[w].Start - at).Append(SearchQueries.SnippetStart)
                .Append(flat, words[w].Start, words[w].End - words[w].Start).Append(SearchQueries.SnippetStop);
            at = words[w].End;
        }
        text.Append(flat, at, words[last].End - at);
        if (last < words.Count - 1) text.Append(" …");
        return text.ToString();
    }

    /// <summary>Apostrophes, dots, dashes, underscores and slashes inside a word keep it one ('don't', 'session.ts', 'auth/session').</summary>
    private static bool IsJoiner(string text, int i) =>
        text[i] is '\'' or '.' or '-' or '_' or '/' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > 0 && char.IsLetterOrDigit(text[i - 1]);

    /// <summary>Which stem the word has, or -1.</summary>
    private static int StemOf(ReadOnlySpan<char> word, IReadOnlyList<string> stems)
    {
        Span<char> lower = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        word.ToLowerInvariant(lower);
        for (var s = 0; s < stems.Count; s++)
        {
            var stem = stems[s].AsSpan();
            if (lower.Length < stem.Length || lower.Length - stem.Length > MaxEndingChars) continue;
            if (lower.StartsWith(stem)) return s;
            if (stem[^1] == 'i' && lower.StartsWith(stem[..^1]) && lower[stem.Length - 1] == 'y') return s;
        }
        return -1;
    }

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
