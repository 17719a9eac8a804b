using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Parsing;

namespace ClaudeMem.Generation.Tests.Parsing;

public sealed class SummaryParsingTests
{
    [Fact]
    public void A_summary_inside_chatter_maps_every_field()
    {
        var result = GenerationOutputParser.ParseSummary("""
            Here is the session summary you asked for:
            <summary>
              <request>Make the worker survive Valkey restarts</request>
              <investigated>Worker.cs reconnect loop and the StackExchange.Redis multiplexer events</investigated>
              <learned>The multiplexer reconnects by itself; the blocking BZPOPMIN call must be re-issued</learned>
              <completed>Re-issue the blocking call after ConnectionRestored; added a test that restarts redis-server</completed>
              <next_steps>Measure job latency during a restart</next_steps>
              <notes></notes>
            </summary>
            Anything else?
            """);

        Assert.True(result.IsSuccess, result.Error?.Reason);
        var summary = result.Value!;
        Assert.Equal("Make the worker survive Valkey restarts", summary.Request);
        Assert.StartsWith("Worker.cs reconnect loop", summary.Investigated, StringComparison.Ordinal);
        Assert.StartsWith("The multiplexer reconnects", summary.Learned, StringComparison.Ordinal);
        Assert.StartsWith("Re-issue the blocking call", summary.Completed, StringComparison.Ordinal);
        Assert.Equal("Measure job latency during a restart", summary.NextSteps);
        Assert.Null(summary.Notes);
    }

    [Fact]
    public void Missing_fields_are_null_and_entities_decoded()
    {
        var result = GenerationOutputParser.ParseSummary("<summary><request>Compare A &amp; B</request><completed>Picked &lt;B&gt;</completed></summary>");

        Assert.Equal(new GeneratedSummary("Compare A & B", null, null, "Picked <B>", null, null), result.Value);
    }

    [Fact]
    public void An_unclosed_summary_and_fields_are_still_read()
    {
        var result = GenerationOutputParser.ParseSummary("<summary>\n<request>Add search filters\n<learned>tsvector ranks by weight</learned>");

        Assert.Equal("Add search filters", result.Value?.Request);
        Assert.Equal("tsvector ranks by weight", result.Value?.Learned);
    }

    [Theory]
    [InlineData("The session was about refactoring the queue.")]
    [InlineData("<observation><title>not a summary</title></observation>")]
    [InlineData("<summary>   </summary>")]
    [InlineData("<summary><request></request><notes> </notes></summary>")]
    public void Answers_without_a_usable_summary_are_parse_errors(string answer)
    {
        var result = GenerationOutputParser.ParseSummary(answer);

        Assert.Equal(GenerationErrorKind.Parse, result.Error?.Kind);
        Assert.Null(result.Value);
    }
}
