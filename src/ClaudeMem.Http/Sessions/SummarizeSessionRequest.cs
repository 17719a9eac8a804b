namespace ClaudeMem.Http.Sessions;

/// <param name="CheckpointId">The client's id for this moment of the session (the hook uses its Stop event's id): the same checkpoint is one job.</param>
public sealed record SummarizeSessionRequest(string? ProjectId, Guid? ServerSessionId, string? ContentSessionId, string? CheckpointId);
