namespace ClaudeMem.Generation.Parsing;

/// <summary>Element names shared by the prompts, the parser and the offline provider.</summary>
public static class GenerationXml
{
    public const string Observation = "observation";
    public const string NoObservations = "no_observations";
    public const string Type = "type";
    public const string Title = "title";
    public const string Subtitle = "subtitle";
    public const string Facts = "facts";
    public const string Fact = "fact";
    public const string Narrative = "narrative";
    public const string Concepts = "concepts";
    public const string Concept = "concept";
    public const string FilesRead = "files_read";
    public const string FilesModified = "files_modified";
    public const string File = "file";

    public const string Summary = "summary";
    public const string Request = "request";
    public const string Investigated = "investigated";
    public const string Learned = "learned";
    public const string Completed = "completed";
    public const string NextSteps = "next_steps";
    public const string Notes = "notes";

    public static readonly IReadOnlyList<string> ObservationFields =
        [Type, Title, Subtitle, Facts, Narrative, Concepts, FilesRead, FilesModified];

    public static readonly IReadOnlyList<string> SummaryFields =
        [Request, Investigated, Learned, Completed, NextSteps, Notes];
}
