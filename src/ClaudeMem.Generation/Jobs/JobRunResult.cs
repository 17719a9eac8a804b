using Marten;

namespace ClaudeMem.Generation.Jobs;

public enum JobRunResult
{
    /// <summary>Results recorded and the job completed by this run.</summary>
    Completed,
    /// <summary>Nothing to do: the job is unknown, already terminal, or its results were recorded by another run.</summary>
    Skipped,
    /// <summary>A transient failure with attempts left: the transport should run it again after its backoff.</summary>
    RetryLater,
    /// <summary>Recorded as failed: the transport must not run it again.</summary>
    Failed,
}
