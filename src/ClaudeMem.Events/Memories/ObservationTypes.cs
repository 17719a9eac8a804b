namespace ClaudeMem.Events.Memories;

/// <summary>The kinds of note memory holds (README, "Search, timeline and the session-start block": the <c>types</c> filter).</summary>
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
