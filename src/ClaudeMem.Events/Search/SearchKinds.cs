namespace ClaudeMem.Events.Search;

/// <summary>What a searchable record was made from.</summary>
public static class SearchKinds
{
    public const string Observation = "observation";
    public const string Summary = "summary";
    public const string Memory = "memory";
    public const string Prompt = "prompt";

    public static readonly IReadOnlyList<string> All = [Observation, Summary, Memory, Prompt];
}
