namespace ClaudeMem.Events.Memories;

/// <summary>The kinds of note memory holds (product.md, Generation).</summary>
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
