using ClaudeMem.Events.Search;

namespace ClaudeMem.Events.Tests;

public class SnippetsTests
{
    private static string Filler(int words) => string.Join(' ', Enumerable.Range(0, words).Select(i => $"filler{i}"));

    [Fact]
    public void The_window_is_where_the_most_different_stems_meet_not_the_first_match()
    {
        var body = $"pool {Filler(40)} the connection pools were drained {Filler(40)}";
        var snippet = Snippets.AroundStems(body, ["connect", "pool"]);
        Assert.StartsWith("… ", snippet);
        Assert.Contains("**connection** **pools**", snippet);
        Assert.DoesNotContain("**pool** filler0", snippet);
        Assert.EndsWith(" …", snippet);
    }

    [Fact]
    public void A_word_repeated_counts_once_in_a_window()
    {
        // Three 'pool's early, then 'pool' beside 'retry': two different stems beat one stem three times.
        var body = $"pool pool pool {Filler(40)} retry pool {Filler(40)}";
        var snippet = Snippets.AroundStems(body, ["pool", "retri"]);
        Assert.Contains("**retry** **pool**", snippet);
        Assert.DoesNotContain("**pool** **pool**", snippet);
    }

    [Fact]
    public void No_stem_found_gives_the_lead() =>
        Assert.Equal(Snippets.Lead("nothing here"), Snippets.AroundStems("nothing here", ["pool"]));
}
