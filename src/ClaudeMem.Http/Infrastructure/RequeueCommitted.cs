namespace ClaudeMem.Http.Infrastructure;

/// <summary>A requeue committed on a job's stream, by whoever wrote it (an HTTP route or the CLI, which has no outbox).</summary>
public sealed record RequeueCommitted(Guid JobStreamId);
