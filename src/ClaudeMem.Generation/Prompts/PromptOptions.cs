
namespace ClaudeMem.Generation.Prompts;

/// <param name="PayloadCharBudget">Upper bound on one event's rendered JSON; long strings inside it are cut first so it stays JSON.</param>
/// <param name="TotalCharBudget">Upper bound on all events of one prompt; the first event (usually the user's request) and the newest ones are kept.</param>
public sealed record PromptOptions(int PayloadCharBudget = PromptOptions.DefaultPayloadCharBudget, int TotalCharBudget = PromptOptions.DefaultTotalCharBudget)
{
    public const int DefaultPayloadCharBudget = 8_000;
    public const int DefaultTotalCharBudget = 120_000;

    public static PromptOptions Default { get; } = new();
}
