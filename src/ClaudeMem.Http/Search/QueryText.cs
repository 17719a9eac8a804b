namespace ClaudeMem.Http.Search;

/// <summary>
/// Search text as typed or pasted: control characters (NUL included) and the invisible bidirectional
/// marks that come with copied right-to-left text separate words; they never reach SQL.
/// </summary>
public static class QueryText
{
    public static string Clean(string text)
    {
        if (!text.Any(IsSeparator)) return text.Trim();
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (IsSeparator(chars[i])) chars[i] = ' ';
        return new string(chars).Trim();
    }

    public static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsSeparator(char c) => char.IsControl(c) || IsBidiControl(c);

    /// <summary>A value quoted back in an error message, without the characters that made it wrong.</summary>
    public static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
        return text.Length > 80 ? clean + "…" : clean;
    }
}
