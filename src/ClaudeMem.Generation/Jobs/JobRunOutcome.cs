using Marten;

namespace ClaudeMem.Generation.Jobs;

/// <param name="RetryDelay">With <see cref="JobRunResult.RetryLater"/>: when to run it again, as recorded on the job's stream; transports carry it out, they do not decide it.</param>
public sealed record JobRunOutcome(JobRunResult Result, string JobId, int ResultCount = 0, string? Error = null, TimeSpan? RetryDelay = null);
