using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// Records a job's outcome with BullMQ's finishing scripts (completed, retried, delayed or failed)
/// and takes the next job they hand over. Retries are decided here, on the client, as Node does.
/// </summary>
/// <param name="abandoned">Fires when the worker gives up on its running jobs: outcomes are no longer recorded.</param>
/// <param name="fetchNext">Whether a finishing script should hand over the next job (not while stopping).</param>
internal sealed class JobFinisher(Scripts scripts, WorkerOptions options, TimeProvider time, WorkerListeners listeners,
    CancellationToken abandoned, Func<bool> fetchNext)
{
    public async Task<Job?> CompleteAsync(Job job, string token, string returnValue)
    {
        var next = await FinishAsync(job, token, () => scripts.MoveToFinishedAsync(job, token, BullJobStates.Completed, JobFields.ReturnValue, returnValue,
            job.KeepJobsOption(JobOptionNames.RemoveOnComplete) ?? options.RemoveOnComplete ?? KeepJobs.All,
            options.LockDuration, options.Name, fetchNext()), FinishedAs(BullJobStates.Completed));
        if (next is not null) listeners.OnCompleted(job, returnValue);
        return next?.Job;
    }

    /// <summary>Node's client-side retry: another attempt unless unrecoverable, out of attempts or refused by a custom backoff (-1), after the backoff.</summary>
    public async Task<Job?> FailAsync(Job job, string token, Exception error)
    {
        var attemptsMade = job.AttemptsMade + 1;
        var retry = error is not UnrecoverableJobException && attemptsMade < job.MaxAttempts;
        long delay = 0;
        if (retry && job.Backoff is { } backoff)
        {
            try
            {
                delay = backoff.Calculate(attemptsMade, error, job, options.BackoffStrategy, Random.Shared);
            }
            catch (Exception strategyError)
            {
                // Node would leave the job active until it stalls; failing it with the reason is kinder.
                listeners.ReportError(strategyError);
                error = new UnrecoverableJobException(strategyError.Message, error);
                delay = -1;
            }
            if (delay < 0) retry = false;
        }
        var stacktrace = job.Stacktrace.Append(error.ToString()).ToList();
        if (job.StackTraceLimit is { } limit) stacktrace = limit == 0 ? [] : stacktrace.TakeLast(limit).ToList();
        string[] fieldsToUpdate =
        [
            JobFields.FailedReason, error.Message,
            JobFields.Stacktrace, JsonText.Stringify(new JsonArray(stacktrace.Select(t => (JsonNode?)t).ToArray())),
        ];

        NextJob? next;
        if (retry && delay > 0)
            next = await FinishAsync(job, token, () => scripts.MoveToDelayedAsync(job.Id, token, delay, fieldsToUpdate, fetchNext(), options.LockDuration, options.Name), MovedOn);
        else if (retry)
            next = await FinishAsync(job, token, async () => { await scripts.RetryJobAsync(job.Id, token, job.Lifo, fieldsToUpdate); return NextJob.None; }, MovedOn);
        else
            next = await FinishAsync(job, token, () => scripts.MoveToFinishedAsync(job, token, BullJobStates.Failed, JobFields.FailedReason, error.Message,
                job.KeepJobsOption(JobOptionNames.RemoveOnFail) ?? options.RemoveOnFail ?? KeepJobs.All,
                options.LockDuration, options.Name, fetchNext(), fieldsToUpdate), FinishedAs(BullJobStates.Failed));
        if (next is not null) listeners.OnFailed(job, error);
        return next?.Job;
    }

    /// <summary>
    /// Runs a finishing script, retrying through lost connections until it succeeds or the job is
    /// abandoned. Returns null when the job could not be finished (its lock was lost, or abandoned).
    /// When a reply was lost, the script may have run: the retry then finds the job no longer
    /// locked by us, and the job's state tells whether the earlier call went through.
    /// </summary>
    private async Task<NextJob?> FinishAsync(Job job, string token, Func<Task<NextJob>> finish, Func<string, bool> isOutcomeState)
    {
        var replyLost = false;
        while (true)
        {
            try
            {
                return await finish();
            }
            catch (QueueScriptException error)
            {
                // The lost reply's call went through; it may also have handed over the next job, locked with our token.
                if (replyLost && await OutcomeRecordedAsync(job, isOutcomeState)) return await HandedOverAsync(token);
                listeners.ReportError(error);
                return null;
            }
            catch (Exception error) when (RedisErrors.IsTransient(error) && !abandoned.IsCancellationRequested)
            {
                replyLost = true;
                listeners.ReportError(new InvalidOperationException($"could not record the outcome of job {job.Id}; retrying", error));
                await QuietDelay.WaitAsync(options.ConnectionRetryDelay, time, abandoned);
            }
            if (abandoned.IsCancellationRequested) return null;
        }
    }

    private async Task<NextJob> HandedOverAsync(string token)
    {
        try
        {
            return await scripts.FindActiveJobLockedByAsync([token]) is { } handedOver ? new NextJob(handedOver.Job, 0, 0) : NextJob.None;
        }
        catch (Exception error) when (RedisErrors.IsTransient(error))
        {
            // The stalled check requeues it once its lock expires.
            return NextJob.None;
        }
    }

    private async Task<bool> OutcomeRecordedAsync(Job job, Func<string, bool> isOutcomeState)
    {
        try
        {
            return isOutcomeState(await scripts.GetStateAsync(job.Id));
        }
        catch (Exception error) when (RedisErrors.IsTransient(error))
        {
            return false;
        }
    }

    /// <summary>Finished, or gone because retention removed it at once.</summary>
    private static Func<string, bool> FinishedAs(string target) => state => state == target || state == BullJobStates.Unknown;

    /// <summary>Moved on from active (to delayed or waiting, or already taken again and finished).</summary>
    private static bool MovedOn(string state) => state != BullJobStates.Active;
}
