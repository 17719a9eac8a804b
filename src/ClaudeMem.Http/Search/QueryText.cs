namespace ClaudeMem.Http.Search;

/// <summary>Search text as typed or pasted: control characters (NUL included) separate words, they never reach SQL.</summary>
public static class QueryText
{
    public static string Clean(string text)
    {
        if (!text.Any(char.IsControl)) return text.Trim();
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i])) chars[i] = ' ';
        return new string(chars).Trim();
    }

    /// <summary>A value quoted back in an error message, without the characters that made it wrong.</summary>
    public static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
        return text.Length > 80 ? clean + "…" : clean;
    }
}
