namespace ClaudeMem.Generation.Parsing;

public static class ObservationTypes
{
    public const string Bugfix = "bugfix";
    public const string Feature = "feature";
    public const string Refactor = "refactor";
    public const string Change = "change";
    public const string Discovery = "discovery";
    public const string Decision = "decision";
    public const string SecurityAlert = "security_alert";
    public const string SecurityNote = "security_note";

    public const string Default = Discovery;

    public static readonly IReadOnlyList<string> All =
        [Bugfix, Feature, Refactor, Change, Discovery, Decision, SecurityAlert, SecurityNote];
}

public static class ObservationConcepts
{
    public const string HowItWorks = "how-it-works";
    public const string WhyItExists = "why-it-exists";
    public const string WhatChanged = "what-changed";
    public const string ProblemSolution = "problem-solution";
    public const string Gotcha = "gotcha";
    public const string Pattern = "pattern";
    public const string TradeOff = "trade-off";

    public static readonly IReadOnlyList<string> All =
        [HowItWorks, WhyItExists, WhatChanged, ProblemSolution, Gotcha, Pattern, TradeOff];
}

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
