namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// What an operator's transition decided for a job: the event to append, or why it does not apply
/// (a 409 over HTTP, an error from the CLI). Neither means the job already is where it was asked to go.
/// </summary>
public sealed record JobDecision(object? Event, string? Refusal);
