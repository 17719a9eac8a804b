namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Node's <c>settings.backoffStrategy</c>: the delay in milliseconds before the next attempt of a job
/// whose backoff type is not built in (0: at once; -1: do not retry, fail now).
/// </summary>
/// <param name="attemptsMade">Counting the attempt that just failed.</param>
public delegate long BackoffStrategy(int attemptsMade, string type, Exception error, Job job);
