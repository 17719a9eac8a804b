namespace ClaudeMem.Generation.Parsing;

/// <summary>A short one-line excerpt of an answer or body for error reasons recorded on jobs.</summary>
internal static class TextPreview
{
    public static string Of(string text, int maxLength, string whenEmpty, bool quoted = false)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length == 0)
        {
            return whenEmpty;
        }

        var excerpt = flat.Length <= maxLength ? flat : flat[..maxLength] + "…";
        return quoted ? $"\"{excerpt}\"" : excerpt;
    }
}
