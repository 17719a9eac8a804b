using System.Text;

namespace ClaudeMem.Events.Search;

/// <summary>
/// The words and "quoted phrases" of a web-search style query, for the substring fallback:
/// <c>-word</c> excludes, a bare <c>or</c> is an operator, not a word.
/// </summary>
/// <param name="HasOr">Whether an <c>or</c> joined terms: then not every included term is required.</param>
public sealed record QueryTerms(IReadOnlyList<string> Included, IReadOnlyList<string> Excluded, bool HasOr = false)
{
    /// <summary>Terms this short have no trigram and would scan every row.</summary>
    public const int MinTermLength = 2;

    public const int MaxTerms = 16;

    public static QueryTerms Parse(string query)
    {
        var included = new List<string>();
        var excluded = new List<string>();
        var hasOr = false;
        var i = 0;
        while (i < query.Length)
        {
            if (char.IsWhiteSpace(query[i])) { i++; continue; }
            var negate = query[i] == '-' && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]);
            if (negate) i++;
            string term;
            if (query[i] == '"')
            {
                var close = query.IndexOf('"', i + 1);
                var end = close < 0 ? query.Length : close;
                term = query[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < query.Length && !char.IsWhiteSpace(query[i])) i++;
                term = query[start..i];
                if (!negate && term.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    hasOr = true;
                    continue;
                }
            }
            term = term.Trim().Trim('"');
            if (term.Length < MinTermLength) continue;
            (negate ? excluded : included).Add(term);
        }
        return new QueryTerms(included.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxTerms).ToList(),
            excluded.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxTerms).ToList(), hasOr);
    }

    /// <summary>The quoted phrases every match must contain: none when an <c>or</c> offers alternatives.</summary>
    public IReadOnlyList<string> RequiredPhrases => HasOr ? [] : Included.Where(t => t.Any(char.IsWhiteSpace)).ToList();

    /// <summary>An ILIKE pattern that matches the term literally anywhere.</summary>
    public static string ContainsPattern(string term) => "%" + EscapeLike(term) + "%";

    public static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
