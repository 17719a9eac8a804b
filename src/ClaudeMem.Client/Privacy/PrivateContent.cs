using System.Text.RegularExpressions;

namespace ClaudeMem.Client.Privacy;

/// <summary>
/// The hook's copy of ClaudeMem.Events.Privacy.PrivateContent (the hook must not load the Events
/// assembly, which brings Marten); PrivateContentAgreementTests hold the two to the same output.
/// Removes the parts of a session the user or the agent marked as not-for-memory, tags and
/// content together. Applied to every string inside a payload, so a tag hidden in a JSON
/// string value (a tool response, a prompt) is removed as well.
/// </summary>
public static partial class PrivateContent
{
    public static readonly IReadOnlyList<string> Tags =
        ["private", "claude-mem-context", "system-reminder", "system_instruction", "persisted-output"];

    public static string Strip(string text)
    {
        // JSON produced by .NET escapes angle brackets; a tag inside such embedded JSON must still be found.
        if (text.Contains(@"\u003", StringComparison.OrdinalIgnoreCase))
        {
            text = EscapedAngle().Replace(text, match => match.Value[^1] is 'c' or 'C' ? "<" : ">");
        }

        if (text.IndexOf('<') < 0)
        {
            return text;
        }

        // Innermost pairs first, so nested tags of the same name unwind completely.
        string previous;
        do
        {
            previous = text;
            text = InnermostPair().Replace(text, string.Empty);
        }
        while (text != previous);

        // An opening tag that never closes hides everything after it: failing closed keeps secrets out.
        text = UnclosedOpening().Replace(text, string.Empty);
        return StrayClosing().Replace(text, string.Empty);
    }

    [GeneratedRegex(@"\\u003[cCeE]")]
    private static partial Regex EscapedAngle();

    private const string TagAlternation = "private|claude-mem-context|system-reminder|system_instruction|persisted-output";

    [GeneratedRegex(@"<(" + TagAlternation + @")(?=[\s/>])[^>]*>(?:(?!<(?:" + TagAlternation + @")(?=[\s/>])).)*?</\1\s*>",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InnermostPair();

    [GeneratedRegex(@"<(?:" + TagAlternation + @")(?=[\s/>])[^>]*>.*\z",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex UnclosedOpening();

    [GeneratedRegex(@"</(?:" + TagAlternation + @")\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrayClosing();
}
