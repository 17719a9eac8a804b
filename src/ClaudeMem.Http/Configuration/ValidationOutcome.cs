namespace ClaudeMem.Http.Configuration;

public sealed record ValidationOutcome(ServerSettings Settings, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}
