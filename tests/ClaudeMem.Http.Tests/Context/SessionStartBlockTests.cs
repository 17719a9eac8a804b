using System.Runtime.CompilerServices;
using System.Text;
using ClaudeMem.Http.Context;

namespace ClaudeMem.Http.Tests.Context;

/// <summary>The block's exact text for fixed records, against files reviewed by a person (Golden/*.txt).</summary>
public class SessionStartBlockTests
{
    private static readonly long Day1 = DateTimeOffset.Parse("2026-11-26T09:00:00Z").ToUnixTimeMilliseconds();
    private const long Hour = 3_600_000;

    private static BlockEntry Entry(int n, string type, string title, long at, string? narrative = null, params string[] facts) =>
        new(new Guid($"00000000-0000-0000-0000-{n:D12}"), type == "memory" ? "memory" : "observation", type == "memory" ? "decision" : type, title, at, narrative, facts);

    /// <summary>Newest first, as the endpoint passes them.</summary>
    private static readonly IReadOnlyList<BlockEntry> Week =
    [
        Entry(6, "bugfix", "Session cache no longer serves stale tokens", Day1 + 30 * Hour, "The cache kept tokens past logout; entries are now keyed by session version.", "invalidate on logout", "key = session id + version"),
        Entry(5, "memory", "Prefer LRU over TTL for the token cache", Day1 + 29 * Hour, "Decided with the team: TTL alone let hot keys expire together."),
        Entry(4, "feature", "Added /v1/timeline", Day1 + 26 * Hour),
        Entry(3, "discovery", "Read src/auth/session.ts", Day1 + 5 * Hour),
        Entry(2, "refactor", "Split the worker loop", Day1 + 2 * Hour),
        Entry(1, "decision", "Use RUM for ranked search", Day1),
    ];

    private static readonly BlockSummary Summary = new(Day1 + 31 * Hour,
        "Fix the stale session cache", "Tokens outlived logout because the cache key ignored the session version.",
        "Cache keyed by session version; regression test added.", "Measure the cache hit rate under load.");

    [Fact]
    public void A_typical_week_matches_the_golden_block() =>
        Golden("typical.txt", SessionStartBlock.Render(["claude-mem"], Week, [Summary], new BlockOptions(8000, 2)));

    [Fact]
    public void A_tight_budget_drops_the_oldest_lines_and_says_how_many() =>
        Golden("tight-budget.txt", SessionStartBlock.Render(["claude-mem"], Week, [Summary], new BlockOptions(1000, 1)));

    [Fact]
    public void Several_projects_share_one_block() =>
        Golden("two-projects.txt", SessionStartBlock.Render(["claude-mem", "claude-mem-wt"], Week.Take(2).ToList(), [], new BlockOptions(8000, 0)));

    [Fact]
    public void An_empty_project_gets_a_one_line_hint() =>
        Golden("empty.txt", SessionStartBlock.Render(["new-repo"], [], [], new BlockOptions(8000, 3)));

    [Theory]
    [InlineData(1000)]
    [InlineData(1500)]
    [InlineData(4000)]
    [InlineData(8000)]
    public void The_block_never_exceeds_its_byte_budget_and_keeps_the_newest(int budget)
    {
        var many = Enumerable.Range(0, 200).Select(i =>
            Entry(1000 - i, i % 3 == 0 ? "bugfix" : "discovery", $"Observation number {1000 - i} with a title long enough 🚀 עברית", Day1 - i * Hour,
                "narrative " + new string('x', 300), "fact one", "fact two")).ToList();
        var text = SessionStartBlock.Render(["p"], many, [Summary], new BlockOptions(budget, 3));
        Assert.True(Encoding.UTF8.GetByteCount(text) <= budget, $"{Encoding.UTF8.GetByteCount(text)} bytes > {budget}");
        Assert.Contains(many[0].Id.ToString(), text);
        Assert.Contains("older entries left out", text);
        var shown = many.Select((e, i) => (i, shown: text.Contains(e.Id.ToString()))).ToList();
        var lastShown = shown.Last(s => s.shown).i;
        Assert.All(shown.Take(lastShown + 1), s => Assert.True(s.shown, $"entry {s.i} is missing while an older one is shown"));
    }

    [Fact]
    public void The_same_records_give_the_same_bytes() =>
        Assert.Equal(
            SessionStartBlock.Render(["p"], Week, [Summary], new BlockOptions(3000, 2)),
            SessionStartBlock.Render(["p"], Week.ToList(), [Summary with { }], new BlockOptions(3000, 2)));

    private static void Golden(string name, string actual, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("CLAUDE_MEM_UPDATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        Assert.True(File.Exists(path), $"golden file {path} is missing (CLAUDE_MEM_UPDATE_GOLDEN=1 writes it; review it before committing)");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
