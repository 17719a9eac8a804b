using ClaudeMem.Events.Generation;
using ClaudeMem.Events;
using Marten;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// Appends to a job's stream by deciding from its current state: load, decide (a pure function
/// returning the event to append, or null), append with the version read, and on a concurrent
/// append go again from the fresh state. Terminal transitions notify waiters on commit.
/// </summary>
public static class JobStreams
{
    public const string NotificationChannel = "claude_mem_jobs";
    private const int MaxConflicts = 5;

    /// <param name="beforeSave">Runs on the session, with the job as it will be, just before the append commits (e.g. to publish through an outbox).</param>
    public static async Task<GenerationJobView?> DecideAsync(IDocumentStore store, string jobId,
        Func<GenerationJobView, object?> decide, CancellationToken ct, Func<IDocumentSession, GenerationJobView, Task>? beforeSave = null)
    {
        var streamId = JobIds.StreamOf(jobId);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<GenerationJobView>(streamId, ct);
            var job = stream.Aggregate;
            if (job is null) return null;
            var next = decide(job);
            if (next is null) return job;
            stream.AppendOne(next);
            var evolved = Evolve(job.Copy(), next);
            if (beforeSave is not null) await beforeSave(session, evolved);
            // Queued last: Marten reads a queued command's result in order, after the other operations'.
            if (IsTerminal(next)) NotifyOnCommit(session, jobId);
            try
            {
                await session.SaveChangesAsync(ct);
                return evolved;
            }
            catch (Exception e) when (attempt < MaxConflicts && MartenConflicts.IsConcurrencyConflict(e))
            {
                // Another worker or request moved this job first: decide again from its new state.
            }
        }
    }

    /// <summary>NOTIFY is transactional: waiters hear of the job only once its terminal event is committed.</summary>
    public static void NotifyOnCommit(IDocumentSession session, string jobId) =>
        // Wrapped in count(*) because a queued command must yield a number, and pg_notify yields void.
        session.QueueSqlCommand("select count(*) from (select pg_notify(?, ?)) as notified", NotificationChannel, jobId);

    public static bool IsTerminal(object e) => e is GenerationJobCompleted or GenerationJobFailed or GenerationJobCancelled;

    private static GenerationJobView Evolve(GenerationJobView job, object e)
    {
        switch (e)
        {
            case GenerationJobStarted x: job.Apply(x); break;
            case GenerationJobRetryScheduled x: job.Apply(x); break;
            case GenerationJobCompleted x: job.Apply(x); break;
            case GenerationJobFailed x: job.Apply(x); break;
            case GenerationJobCancelled x: job.Apply(x); break;
            case GenerationJobRequeued x: job.Apply(x); break;
        }
        return job;
    }
}
