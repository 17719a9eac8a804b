namespace ClaudeMem.Generation.Jobs;

/// <summary>Retry and retention for generation jobs (product.md, Generation).</summary>
public static class GenerationQueueOptions
{
    public const int MaxAttempts = 3;
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Jobs are kept (not removed on completion) so a re-add under the same id stays a no-op.</summary>
    public const int KeepCompletedCount = 10_000;
    public static readonly TimeSpan KeepCompletedAge = TimeSpan.FromDays(1);
    public const int KeepFailedCount = 50_000;
    public static readonly TimeSpan KeepFailedAge = TimeSpan.FromDays(14);
}
