namespace ClaudeMem.Http.Legacy;

public sealed record LegacySummarizeRequest(string? ContentSessionId, string? Last_assistant_message);
