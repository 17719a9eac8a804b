using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Generation.Providers;

namespace ClaudeMem.Generation.Parsing;

/// <summary>
/// Reads the XML an LLM was asked for, tolerating prose and fences around it and slightly
/// malformed markup. Errors are <see cref="GenerationErrorKind.Parse"/>; the caller prefixes
/// the provider name.
/// </summary>
public static class GenerationOutputParser
{
    /// <remarks>
    /// An observation answer is a parse error only when it holds neither an &lt;observation&gt;
    /// block nor the &lt;no_observations/&gt; marker, because an answer that names neither is a
    /// refusal or a format failure, whereas observation blocks that all turn out empty are a
    /// legitimate "nothing worth recording" and yield an empty list.
    /// </remarks>
    public static GenerationResult<IReadOnlyList<GeneratedObservation>> ParseObservations(string answer)
    {
        var blocks = XmlBlocks.All(answer, GenerationXml.Observation);
        if (blocks.Count == 0 && !XmlBlocks.Contains(answer, GenerationXml.NoObservations))
        {
            return GenerationResult<IReadOnlyList<GeneratedObservation>>.Failure(new GenerationError(
                GenerationErrorKind.Parse,
                $"answer has no <{GenerationXml.Observation}> block and no <{GenerationXml.NoObservations}/> marker: {Preview(answer)}"));
        }

        var observations = blocks.Select(ParseObservation).Where(HasContent).ToList();
        return GenerationResult<IReadOnlyList<GeneratedObservation>>.Success(observations);
    }

    public static GenerationResult<GeneratedSummary> ParseSummary(string answer)
    {
        var block = XmlBlocks.All(answer, GenerationXml.Summary).FirstOrDefault();
        if (block is null)
        {
            return GenerationResult<GeneratedSummary>.Failure(new GenerationError(
                GenerationErrorKind.Parse, $"answer has no <{GenerationXml.Summary}> block: {Preview(answer)}"));
        }

        string? Field(string tag) => XmlBlocks.Text(XmlBlocks.First(block, tag, GenerationXml.SummaryFields));

        var summary = new GeneratedSummary(
            Field(GenerationXml.Request),
            Field(GenerationXml.Investigated),
            Field(GenerationXml.Learned),
            Field(GenerationXml.Completed),
            Field(GenerationXml.NextSteps),
            Field(GenerationXml.Notes));

        if (summary is { Request: null, Investigated: null, Learned: null, Completed: null, NextSteps: null, Notes: null })
        {
            return GenerationResult<GeneratedSummary>.Failure(new GenerationError(
                GenerationErrorKind.Parse, $"<{GenerationXml.Summary}> block has no non-empty field: {Preview(answer)}"));
        }

        return GenerationResult<GeneratedSummary>.Success(summary);
    }

    private static GeneratedObservation ParseObservation(string block)
    {
        string? Raw(string tag) => XmlBlocks.First(block, tag, GenerationXml.ObservationFields);

        return new GeneratedObservation(
            NormalizeType(XmlBlocks.Line(Raw(GenerationXml.Type))),
            XmlBlocks.Line(Raw(GenerationXml.Title)),
            XmlBlocks.Line(Raw(GenerationXml.Subtitle)),
            XmlBlocks.Items(Raw(GenerationXml.Facts), GenerationXml.Fact),
            XmlBlocks.Text(Raw(GenerationXml.Narrative)),
            XmlBlocks.Items(Raw(GenerationXml.Concepts), GenerationXml.Concept)
                .Select(NormalizeConcept).OfType<string>().Distinct().ToList(),
            XmlBlocks.Items(Raw(GenerationXml.FilesRead), GenerationXml.File),
            XmlBlocks.Items(Raw(GenerationXml.FilesModified), GenerationXml.File));
    }

    private static bool HasContent(GeneratedObservation observation) =>
        observation.Title is not null || observation.Narrative is not null || observation.Facts.Count > 0;

    private static string NormalizeType(string? type)
    {
        var candidate = Slug(type, '_');
        return ObservationTypes.All.Contains(candidate) ? candidate : ObservationTypes.Default;
    }

    private static string? NormalizeConcept(string concept)
    {
        var candidate = Slug(concept, '-');
        return ObservationConcepts.All.Contains(candidate) ? candidate : null;
    }

    /// <summary>"Security Alert", "security-alert" and "SECURITY_ALERT" all mean the same vocabulary word.</summary>
    private static string Slug(string? value, char separator) =>
        value is null
            ? string.Empty
            : string.Join(separator, value.ToLowerInvariant()
                .Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private const int PreviewLength = 160;

    private static string Preview(string answer) => TextPreview.Of(answer, PreviewLength, "(empty answer)", quoted: true);
}
