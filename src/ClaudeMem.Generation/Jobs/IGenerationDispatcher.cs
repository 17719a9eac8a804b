
namespace ClaudeMem.Generation.Jobs;

/// <summary>How a committed job reaches the workers: BullMQ on Valkey, or run in-process.</summary>
public interface IGenerationDispatcher
{
    /// <returns>When to hand the job over again (the in-process engine ran an attempt that its stream scheduled for retry); null: nothing more to do here.</returns>
    Task<TimeSpan?> DispatchAsync(DispatchGenerationJob job, CancellationToken ct);
}
