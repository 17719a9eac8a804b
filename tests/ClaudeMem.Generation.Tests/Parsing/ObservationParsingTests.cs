using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Generation.Parsing;

namespace ClaudeMem.Generation.Tests.Parsing;

public sealed class ObservationParsingTests
{
    private static IReadOnlyList<GeneratedObservation> Parse(string answer)
    {
        var result = GenerationOutputParser.ParseObservations(answer);
        Assert.True(result.IsSuccess, result.Error?.Reason);
        return result.Value!;
    }

    [Fact]
    public void A_well_formed_answer_maps_every_field()
    {
        var observation = Assert.Single(Parse("""
            <observation>
              <type>bugfix</type>
              <title>Fix null session id in event ingest</title>
              <subtitle>Events without serverSessionId now resolve the session by contentSessionId</subtitle>
              <facts>
                <fact>EventEndpoint.cs looked up sessions only by server id</fact>
                <fact>Hooks send contentSessionId only</fact>
              </facts>
              <narrative>Ingest failed with a 500 for hook events. The lookup now falls back to the content session id.</narrative>
              <concepts>
                <concept>problem-solution</concept>
                <concept>gotcha</concept>
              </concepts>
              <files_read>
                <file>src/ClaudeMem.Http/Events/EventEndpoint.cs</file>
              </files_read>
              <files_modified>
                <file>src/ClaudeMem.Http/Events/EventEndpoint.cs</file>
                <file>tests/ClaudeMem.Http.Tests/EventTests.cs</file>
              </files_modified>
            </observation>
            """));

        Assert.Equal("bugfix", observation.Type);
        Assert.Equal("Fix null session id in event ingest", observation.Title);
        Assert.Equal("Events without serverSessionId now resolve the session by contentSessionId", observation.Subtitle);
        Assert.Equal(["EventEndpoint.cs looked up sessions only by server id", "Hooks send contentSessionId only"], observation.Facts);
        Assert.StartsWith("Ingest failed with a 500", observation.Narrative, StringComparison.Ordinal);
        Assert.Equal(["problem-solution", "gotcha"], observation.Concepts);
        Assert.Equal(["src/ClaudeMem.Http/Events/EventEndpoint.cs"], observation.FilesRead);
        Assert.Equal(["src/ClaudeMem.Http/Events/EventEndpoint.cs", "tests/ClaudeMem.Http.Tests/EventTests.cs"], observation.FilesModified);
    }

    [Fact]
    public void Prose_and_code_fences_around_several_blocks_are_ignored()
    {
        var observations = Parse("""
            Sure! Based on the session events, here are the observations:

            ```xml
            <observations>
            <observation><type>feature</type><title>Add retry to queue push</title><narrative>The outbox handler retries.</narrative></observation>
            <observation><type>decision</type><title>Keep Valkey AOF on</title><facts><fact>appendfsync everysec</fact></facts></observation>
            </observations>
            ```

            Let me know if you need anything else!
            """);

        Assert.Equal(["Add retry to queue push", "Keep Valkey AOF on"], observations.Select(o => o.Title));
        Assert.Equal(["feature", "decision"], observations.Select(o => o.Type));
    }

    [Theory]
    [InlineData("improvement", "discovery")]
    [InlineData("", "discovery")]
    [InlineData("Security Alert", "security_alert")]
    [InlineData("security-note", "security_note")]
    [InlineData(" REFACTOR ", "refactor")]
    public void Types_are_normalized_and_unknown_ones_become_the_default(string written, string expected)
    {
        var observation = Assert.Single(Parse($"<observation><type>{written}</type><title>t</title></observation>"));

        Assert.Equal(expected, observation.Type);
    }

    [Fact]
    public void A_missing_type_element_becomes_the_default()
    {
        Assert.Equal(ObservationTypes.Default, Assert.Single(Parse("<observation><title>t</title></observation>")).Type);
    }

    [Fact]
    public void Unknown_concepts_are_dropped_and_known_ones_normalized()
    {
        var observation = Assert.Single(Parse("""
            <observation><title>t</title>
            <concepts><concept>How It Works</concept><concept>architecture</concept><concept>trade_off</concept><concept>gotcha</concept><concept>gotcha</concept></concepts>
            </observation>
            """));

        Assert.Equal(["how-it-works", "trade-off", "gotcha"], observation.Concepts);
    }

    [Fact]
    public void Observations_without_title_narrative_or_facts_are_dropped()
    {
        var observations = Parse("""
            <observation><type>change</type><title>  </title><narrative></narrative><facts></facts><files_read><file>a.cs</file></files_read></observation>
            <observation><type>change</type><facts><fact>Only a fact</fact></facts></observation>
            <observation><narrative>Only a narrative</narrative></observation>
            """);

        Assert.Equal(2, observations.Count);
        Assert.Equal(["Only a fact"], observations[0].Facts);
        Assert.Equal("Only a narrative", observations[1].Narrative);
    }

    [Fact]
    public void Entities_and_cdata_are_decoded_and_text_is_trimmed()
    {
        var observation = Assert.Single(Parse("""
            <observation>
              <title>
                Guard against &lt;null&gt; &amp; empty ids &#8212; done
              </title>
              <narrative><![CDATA[if (a < b && c > d) { return "&amp;"; }]]></narrative>
              <facts><fact>Uses List&lt;string&gt; &quot;ids&quot; &#x27;here&#x27;</fact></facts>
            </observation>
            """));

        Assert.Equal("Guard against <null> & empty ids — done", observation.Title);
        Assert.Equal("if (a < b && c > d) { return \"&amp;\"; }", observation.Narrative);
        Assert.Equal(["Uses List<string> \"ids\" 'here'"], observation.Facts);
    }

    [Fact]
    public void Unclosed_elements_end_at_the_next_field_or_block()
    {
        var observations = Parse("""
            <observation>
              <type>bugfix
              <title>Fix race in job completion
              <narrative>Two workers could both append.</narrative>
            <observation>
              <title>Second one</title>
            </observation>
            """);

        Assert.Equal(2, observations.Count);
        Assert.Equal("bugfix", observations[0].Type);
        Assert.Equal("Fix race in job completion", observations[0].Title);
        Assert.Equal("Two workers could both append.", observations[0].Narrative);
        Assert.Equal("Second one", observations[1].Title);
    }

    [Fact]
    public void A_raw_ampersand_and_attributes_do_not_break_parsing()
    {
        var observation = Assert.Single(Parse("""<observation id="1"><type kind="x">change</type><title>Build & test pipeline</title></observation>"""));

        Assert.Equal("Build & test pipeline", observation.Title);
        Assert.Equal("change", observation.Type);
    }

    [Fact]
    public void Lists_written_as_bullet_lines_instead_of_items_are_accepted()
    {
        var observation = Assert.Single(Parse("""
            <observation><title>t</title>
            <facts>
            - The queue prefix is fixed
            - Jobs use deterministic ids
            </facts>
            <files_modified>
            1. src/Queue/Producer.cs
            </files_modified>
            </observation>
            """));

        Assert.Equal(["The queue prefix is fixed", "Jobs use deterministic ids"], observation.Facts);
        Assert.Equal(["src/Queue/Producer.cs"], observation.FilesModified);
    }

    [Fact]
    public void Title_line_breaks_are_collapsed_but_narrative_paragraphs_kept()
    {
        var observation = Assert.Single(Parse("<observation><title>Split\n   title</title><narrative>First.\n\nSecond.</narrative></observation>"));

        Assert.Equal("Split title", observation.Title);
        Assert.Equal("First.\n\nSecond.", observation.Narrative);
    }

    [Theory]
    [InlineData("<no_observations/>")]
    [InlineData("Nothing notable happened here.\n<no_observations />")]
    [InlineData("<NO_OBSERVATIONS>routine file listing</NO_OBSERVATIONS>")]
    public void The_no_observations_marker_yields_an_empty_list(string answer)
    {
        Assert.Empty(Parse(answer));
    }

    [Fact]
    public void Blocks_that_all_turn_out_empty_are_a_success_with_no_observations()
    {
        Assert.Empty(Parse("<observation><type>change</type></observation>"));
    }

    [Theory]
    [InlineData("I could not find anything worth recording in these events.")]
    [InlineData("")]
    [InlineData("<summary><request>wrong kind of answer</request></summary>")]
    [InlineData("{\"observations\": []}")]
    public void An_answer_with_neither_blocks_nor_marker_is_a_parse_error(string answer)
    {
        var result = GenerationOutputParser.ParseObservations(answer);

        Assert.False(result.IsSuccess);
        Assert.Equal(GenerationErrorKind.Parse, result.Error!.Kind);
        Assert.False(result.Error.IsRetryable);
    }

    [Fact]
    public void Plural_wrapper_is_not_mistaken_for_an_observation()
    {
        Assert.False(GenerationOutputParser.ParseObservations("<observations></observations>").IsSuccess);
    }
}
