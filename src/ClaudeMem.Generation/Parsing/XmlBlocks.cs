using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;

namespace ClaudeMem.Generation.Parsing;

/// <summary>
/// Tag-by-tag extraction for LLM answers. A real XML reader would reject the usual noise
/// (prose around the blocks, a bare "&amp;", a missing closing tag), so elements are located
/// by their names and a missing closing tag ends at the next known sibling.
/// </summary>
internal static partial class XmlBlocks
{
    /// <summary>Inner texts of every &lt;tag&gt; in <paramref name="text"/>; an unclosed one ends at the next &lt;tag&gt; or the end.</summary>
    public static IReadOnlyList<string> All(string text, string tag)
    {
        var blocks = new List<string>();
        var position = 0;
        while (FindOpening(text, tag, position) is { } opening)
        {
            var contentStart = opening.Index + opening.Length;
            if (opening.Value.EndsWith("/>", StringComparison.Ordinal))
            {
                blocks.Add(string.Empty);
                position = contentStart;
                continue;
            }

            var closing = FindClosing(text, tag, contentStart);
            var nextOpening = FindOpening(text, tag, contentStart);
            int contentEnd, resumeAt;
            if (closing is not null && (nextOpening is null || closing.Index < nextOpening.Index))
            {
                contentEnd = closing.Index;
                resumeAt = closing.Index + closing.Length;
            }
            else
            {
                contentEnd = nextOpening?.Index ?? text.Length;
                resumeAt = contentEnd;
            }

            blocks.Add(text[contentStart..contentEnd]);
            position = resumeAt;
        }

        return blocks;
    }

    /// <summary>
    /// Inner text of the first &lt;tag&gt; inside a block; without a closing tag it ends at the
    /// next opening of any of <paramref name="siblings"/>. Null when the element is absent.
    /// </summary>
    public static string? First(string block, string tag, IReadOnlyList<string> siblings)
    {
        if (FindOpening(block, tag, 0) is not { } opening)
        {
            return null;
        }

        var contentStart = opening.Index + opening.Length;
        if (opening.Value.EndsWith("/>", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        if (FindClosing(block, tag, contentStart) is { } closing)
        {
            return block[contentStart..closing.Index];
        }

        var end = block.Length;
        foreach (var sibling in siblings)
        {
            if (sibling != tag && FindOpening(block, sibling, contentStart) is { } next && next.Index < end)
            {
                end = next.Index;
            }
        }

        return block[contentStart..end];
    }

    public static bool Contains(string text, string tag) => FindOpening(text, tag, 0) is not null;

    /// <summary>Decodes entities and CDATA, trims. Null for blank text.</summary>
    public static string? Text(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var decoded = CdataPattern().Replace(raw, match => Placeholder(match.Groups[1].Value));
        decoded = WebUtility.HtmlDecode(decoded);
        decoded = RestorePlaceholders(decoded);
        decoded = decoded.Trim();
        return decoded.Length == 0 ? null : decoded;
    }

    /// <summary>Text with its line breaks and runs of blanks collapsed, for one-line fields such as titles.</summary>
    public static string? Line(string? raw) =>
        Text(raw) is { } text ? WhitespacePattern().Replace(text, " ") : null;

    /// <summary>
    /// Items of a list element: its &lt;item&gt; children, or, when the model wrote plain
    /// lines instead, one item per non-blank line with any bullet removed.
    /// </summary>
    public static IReadOnlyList<string> Items(string? listContent, string itemTag)
    {
        if (listContent is null)
        {
            return [];
        }

        IEnumerable<string?> items = Contains(listContent, itemTag)
            ? All(listContent, itemTag).Select(Line)
            : listContent.Split('\n').Select(line => Line(BulletPattern().Replace(line, string.Empty)));

        return items.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    private static Match? FindOpening(string text, string tag, int start)
    {
        var match = OpeningPattern(tag).Match(text, start);
        return match.Success ? match : null;
    }

    private static Match? FindClosing(string text, string tag, int start)
    {
        var match = ClosingPattern(tag).Match(text, start);
        return match.Success ? match : null;
    }

    // Tags are a small fixed set, so one compiled pair per tag is kept for the process lifetime.
    private static readonly ConcurrentDictionary<string, (Regex Opening, Regex Closing)> TagPatterns = new();

    private static Regex OpeningPattern(string tag) => PatternsFor(tag).Opening;

    private static Regex ClosingPattern(string tag) => PatternsFor(tag).Closing;

    private static (Regex Opening, Regex Closing) PatternsFor(string tag) =>
        TagPatterns.GetOrAdd(tag, static name =>
        {
            const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;
            var escaped = Regex.Escape(name);
            return (new Regex($@"<{escaped}(?=[\s/>])[^>]*>", options), new Regex($@"</\s*{escaped}\s*>", options));
        });

    // CDATA content is literal: shield it from entity decoding with private-use markers.
    private const char PlaceholderStart = '\uE000';
    private const char PlaceholderEnd = '\uE001';

    private static string Placeholder(string literal) =>
        PlaceholderStart + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(literal)) + PlaceholderEnd;

    private static string RestorePlaceholders(string text) =>
        text.Contains(PlaceholderStart)
            ? PlaceholderPattern().Replace(text, match =>
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups[1].Value)))
            : text;

    [GeneratedRegex(@"<!\[CDATA\[(.*?)\]\]>", RegexOptions.Singleline)]
    private static partial Regex CdataPattern();

    [GeneratedRegex("\uE000([A-Za-z0-9+/=]*)\uE001")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+")]
    private static partial Regex BulletPattern();
}
