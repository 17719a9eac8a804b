namespace ClaudeMem.Generation.Queue;

/// <summary>The worker's loops wait this way: a cancelled wait ends the loop, it is not an error.</summary>
internal static class QuietDelay
{
    /// <summary>Waits, returning false instead of throwing when cancelled.</summary>
    public static async Task<bool> WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
