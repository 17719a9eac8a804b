using ClaudeMem.Events.Search;

namespace ClaudeMem.Events.Tests;

/// <summary>Which filters the full-text index is asked for; every filter is still checked exactly on the rows (the search route tests).</summary>
public class FilterTokensTests
{
    private static SearchCriteria Criteria(string[] kinds, string[] types, string[] concepts, string[] files) =>
        new("team", ["p"], "word", kinds, types, concepts, files, null, null, null, SearchOrder.Relevance, 20, 0, 0);

    [Fact]
    public void Kinds_and_types_are_asked_of_the_index_when_nothing_narrower_is() =>
        Assert.Equal("('k:memory') & ('t:bugfix' | 't:feature')", FilterTokens.QueryOf(Criteria(["memory"], ["bugfix", "feature"], [], [])));

    [Fact]
    public void Beside_a_concept_or_a_file_kinds_and_types_are_left_to_the_row_check()
    {
        Assert.Equal("('f:src/cli')", FilterTokens.QueryOf(Criteria(["memory"], ["bugfix"], [], ["src/cli/"])));
        Assert.Equal("('c:gotcha':*) & ('f:a.ts')", FilterTokens.QueryOf(Criteria([], ["bugfix"], ["Gotcha"], ["a.ts"])));
    }

    [Fact]
    public void No_token_filter_is_no_token_query() =>
        Assert.Null(FilterTokens.QueryOf(Criteria([], [], [], [])));
}
