namespace ClaudeMem.Events.Memories;

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
