namespace ClaudeMem.Generation.Queue;

/// <summary>How many finished jobs to keep (<c>removeOnComplete</c>/<c>removeOnFail</c>); null means no limit.</summary>
public sealed record KeepJobs(int? Count = null, TimeSpan? Age = null)
{
    public static readonly KeepJobs All = new(Count: -1);
    public static readonly KeepJobs NoneKept = new(Count: 0);
}
