using ClaudeMem.Events.Generation;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// The message that carries a committed job from PostgreSQL to its queue (Wolverine's durable
/// outbox). It holds all the queue needs, so handing the job over reads nothing back from the database.
/// </summary>
public sealed record DispatchGenerationJob(string JobId, string Kind, string QueueJobId, string TeamId, string ProjectId,
    string SourceType, Guid SourceId)
{
    public static DispatchGenerationJob For(GenerationJobQueued job) =>
        new(job.JobId, job.Kind, job.JobId, job.TeamId, job.ProjectId, job.SourceType, job.SourceId);

    public static DispatchGenerationJob For(GenerationJobView job) =>
        new(job.JobId, job.Kind, job.QueueJobId, job.TeamId, job.ProjectId, job.SourceType, job.SourceId);
}
