using System.Globalization;
using System.Text;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Context;

/// <summary>
/// The text an agent sees when a session starts. Deterministic (the same records give the same
/// bytes: no clock, UTC times) and bounded: under the byte budget the oldest lines go first, the
/// newest always stay. Layout: a header, a one-line legend, <c>id time icon title</c> lines grouped
/// by day (oldest first, so the newest sit next to the summary), the latest summaries, and a last
/// line on fetching details.
/// </summary>
public static class SessionStartBlock
{
    public const int DefaultByteBudget = 8000;
    public const int MinByteBudget = 1000;
    public const int MaxByteBudget = 64_000;
    public const int SummaryFieldChars = 400;
    public const int NarrativeChars = 600;
    public const int FactsShown = 5;

    public static readonly IReadOnlyDictionary<string, string> Icons = new Dictionary<string, string>
    {
        ["bugfix"] = "🔴", ["feature"] = "🟣", ["refactor"] = "🔄", ["change"] = "✅", ["discovery"] = "🔵",
        ["decision"] = "⚖️", ["security_alert"] = "🚨", ["security_note"] = "🔐", [SearchKinds.Memory] = "📝",
    };

    public static string Legend => "Legend: " + string.Join(" ", Icons.Select(i => $"{i.Value} {i.Key}"));

    public const string Footer =
        "Details: fetch full records by id with the get_observations tool, or POST /v1/observations/batch {\"ids\": [...]}; search with the search tool.";

    public static string EmptyHint(IReadOnlyList<string> projects) =>
        $"ClaudeMem: no memory yet for {string.Join(", ", projects)}. Observations appear here after a session has been recorded and summarised.";

    /// <param name="entries">Newest first.</param>
    /// <param name="summaries">Newest first.</param>
    public static string Render(IReadOnlyList<string> projects, IReadOnlyList<BlockEntry> entries, IReadOnlyList<BlockSummary> summaries, BlockOptions options)
    {
        if (entries.Count == 0 && summaries.Count == 0) return EmptyHint(projects);
        var newest = Math.Max(entries.Count > 0 ? entries[0].CreatedAtEpoch : 0, summaries.Count > 0 ? summaries[0].CreatedAtEpoch : 0);
        var header = $"# ClaudeMem memory: {string.Join(", ", projects)} (newest {Time(newest, "yyyy-MM-dd HH:mm")} UTC)";
        var summaryText = string.Concat(summaries.Select(RenderSummary));
        string Assemble(string body, string dropped) =>
            $"{header}\n{Legend}\n{body}{dropped}{summaryText}\n{Footer}\n";

        // Keep the summary only if the fixed parts leave room for it.
        if (Bytes(Assemble("", DroppedLine(entries.Count))) > options.ByteBudget) summaryText = "";

        var kept = new List<string>();
        var keptDays = new HashSet<string>();
        var used = Bytes(Assemble("", DroppedLine(entries.Count)));
        var count = 0;
        for (; count < entries.Count; count++)
        {
            var entry = entries[count];
            var day = Time(entry.CreatedAtEpoch, "yyyy-MM-dd");
            var dayCost = keptDays.Contains(day) ? 0 : Bytes($"\n## {day}\n");
            var full = count < options.FullCount ? RenderEntry(entry, withDetail: true) : null;
            var line = RenderEntry(entry, withDetail: false);
            var text = full is not null && used + dayCost + Bytes(full) <= options.ByteBudget ? full : line;
            if (used + dayCost + Bytes(text) > options.ByteBudget) break;
            used += dayCost + Bytes(text);
            keptDays.Add(day);
            kept.Add(text);
        }

        var body = new StringBuilder();
        string? currentDay = null;
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            var day = Time(entries[i].CreatedAtEpoch, "yyyy-MM-dd");
            if (day != currentDay) body.Append($"\n## {day}\n");
            currentDay = day;
            body.Append(kept[i]);
        }
        return Assemble(body.ToString(), count < entries.Count ? DroppedLine(entries.Count - count) : "");
    }

    private static string DroppedLine(int dropped) =>
        dropped == 0 ? "" : $"({dropped} older entries left out to fit; the timeline and search tools reach them)\n";

    private static string RenderEntry(BlockEntry entry, bool withDetail)
    {
        var icon = Icons.GetValueOrDefault(entry.Kind == SearchKinds.Memory ? SearchKinds.Memory : entry.Type ?? "", "•");
        var line = new StringBuilder($"{entry.Id} {Time(entry.CreatedAtEpoch, "HH:mm")} {icon} {OneLine(entry.Title)}\n");
        if (!withDetail) return line.ToString();
        if (!string.IsNullOrWhiteSpace(entry.Narrative)) line.Append("  ").Append(Cut(OneLine(entry.Narrative), NarrativeChars)).Append('\n');
        foreach (var fact in entry.Facts.Take(FactsShown)) line.Append("  - ").Append(Cut(OneLine(fact), NarrativeChars / 2)).Append('\n');
        return line.ToString();
    }

    private static string RenderSummary(BlockSummary summary)
    {
        var text = new StringBuilder($"\n## Summary of the session ending {Time(summary.CreatedAtEpoch, "yyyy-MM-dd HH:mm")} UTC\n");
        void Field(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) text.Append(name).Append(": ").Append(Cut(OneLine(value), SummaryFieldChars)).Append('\n');
        }
        Field("Request", summary.Request);
        Field("Learned", summary.Learned);
        Field("Completed", summary.Completed);
        Field("Next steps", summary.NextSteps);
        return text.ToString();
    }

    private static string Time(long epoch, string format) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epoch).UtcDateTime.ToString(format, CultureInfo.InvariantCulture);

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        if (char.IsHighSurrogate(text[max - 1])) max--;
        return text[..max].TrimEnd() + "…";
    }

    public static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
