namespace ClaudeMem.Http.AgentEvents;

public sealed record RecordEventBatchRequest(IReadOnlyList<RecordEventRequest?>? Events);
