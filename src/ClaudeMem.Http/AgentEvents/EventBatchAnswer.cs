using ClaudeMem.Http.Jobs;

namespace ClaudeMem.Http.AgentEvents;

/// <summary>A batch's events without their payloads, their jobs in the same order (null where none), and how many were new.</summary>
public sealed record EventBatchAnswer(IEnumerable<BatchedEvent> Events, IEnumerable<JobDescriptor?> GenerationJobs, int Created, int Existing);
