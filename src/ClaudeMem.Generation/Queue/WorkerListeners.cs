namespace ClaudeMem.Generation.Queue;

/// <summary>
/// The listeners of a <see cref="Worker"/>'s events. Every call is guarded: a listener that throws
/// is reported, never allowed to derail the job that follows or stop the worker.
/// </summary>
internal sealed class WorkerListeners
{
    public Action<Job, string>? Completed;
    public Action<Job, Exception>? Failed;
    public Action<Exception>? Error;
    public Action<IReadOnlyList<string>>? Stalled;

    public void OnCompleted(Job job, string returnValue)
    {
        if (Completed is { } completed) Notify(() => completed(job, returnValue));
    }

    public void OnFailed(Job job, Exception error)
    {
        if (Failed is { } failed) Notify(() => failed(job, error));
    }

    public void OnStalled(IReadOnlyList<string> jobIds)
    {
        if (jobIds.Count > 0 && Stalled is { } stalled) Notify(() => stalled(jobIds));
    }

    public void ReportError(Exception error)
    {
        try
        {
            Error?.Invoke(error);
        }
        catch
        {
            // A faulty listener must not stop the worker.
        }
    }

    private void Notify(Action listener)
    {
        try
        {
            listener();
        }
        catch (Exception error)
        {
            ReportError(error);
        }
    }
}
