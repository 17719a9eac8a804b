namespace ClaudeMem.Client.Setup;

/// <summary>A line diff for --dry-run: the files are small settings files, so a plain LCS table is enough.</summary>
public static class TextDiff
{
    public static string Unified(string path, string before, string after)
    {
        if (before == after) return "";
        var a = Lines(before);
        var b = Lines(after);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var output = new System.Text.StringBuilder();
        output.Append("--- ").Append(path).Append('\n').Append("+++ ").Append(path).Append('\n');
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { output.Append("  ").Append(a[x]).Append('\n'); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) { output.Append("+ ").Append(b[y]).Append('\n'); y++; }
            else { output.Append("- ").Append(a[x]).Append('\n'); x++; }
        }
        return output.ToString();
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}
