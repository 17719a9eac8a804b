namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Every stalled interval, moves jobs whose lock expired (their worker died or abandoned them) back
/// to wait, or to failed once they stalled more than the allowed count; runs once at start.
/// </summary>
internal sealed class StalledJobChecker(Scripts scripts, WorkerOptions options, TimeProvider time, WorkerListeners listeners)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        do
        {
            try
            {
                listeners.OnStalled(await scripts.MoveStalledJobsToWaitAsync(options.MaxStalledCount, options.StalledInterval));
            }
            catch (Exception error)
            {
                listeners.ReportError(error);
            }
        } while (await QuietDelay.WaitAsync(options.StalledInterval, time, stopping));
    }
}
