using ClaudeMem.Events;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Usage;
using ClaudeMem.Generation.Parsing;
using ClaudeMem.Generation.Prompts;
using ClaudeMem.Generation.Providers;
using Marten;

namespace ClaudeMem.Generation.Jobs;

/// <summary>
/// Runs one attempt of a generation job, whatever transport delivered it: reload the job record,
/// skip terminal ones, build the prompt from the stored events, call the provider, parse, and
/// record the result. The result stream's id derives from the job id, so PostgreSQL lets only
/// one run ever record results for a job: redeliveries, retries and racing workers collide.
/// </summary>
public sealed class JobRunner(IDocumentStore store, IGenerationProvider provider, TimeProvider clock, string workerName,
    PromptOptions? promptOptions = null)
{
    /// <summary>Summaries look at the latest events of a session, up to this many.</summary>
    public const int MaxSummaryEvents = 300;

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<JobRunOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await RunOnceAsync(jobId, ct);
        GenerationMetrics.JobDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new("kind", jobId.StartsWith(JobIds.SummaryPrefix, StringComparison.Ordinal) ? JobKinds.Summary : JobKinds.Event), new("outcome", outcome.Result.ToString()));
        return outcome;
    }

    private async Task<JobRunOutcome> RunOnceAsync(string jobId, CancellationToken ct)
    {
        var attempt = 0;
        var job = await JobStreams.DecideAsync(store, jobId, j =>
        {
            if (JobStatuses.IsTerminal(j.Status)) return null;
            attempt = j.Attempts + 1;
            return new GenerationJobStarted(j.Id, attempt, workerName, Now);
        }, ct);
        if (job is null || attempt == 0) return new(JobRunResult.Skipped, jobId);

        var events = await LoadEventsAsync(job, ct);
        if (events is null) return await FailAsync(job, attempt, "the job's source event is gone", ct);
        var (promptNumber, lastPrompt) = job.Kind == JobKinds.Event ? await PromptBeforeAsync(job, ct) : (null, null);
        var options = promptOptions ?? PromptOptions.Default;

        object result;
        int count;
        long? tokens;
        if (job.Kind == JobKinds.Summary)
        {
            var summary = await Generator.GenerateSummaryAsync(provider, events, options, ct);
            if (!summary.IsSuccess) return await FailOrRetryAsync(job, attempt, summary.Error!, ct);
            result = new SummaryGenerated(JobIds.ResultStreamOf(jobId), jobId, job.TeamId, job.ProjectId, job.SourceId, summary.Value!, Now);
            count = 1;
            tokens = summary.Tokens;
        }
        else
        {
            var generated = await Generator.GenerateObservationsAsync(provider, events, lastPrompt is null ? [] : [lastPrompt], options, ct);
            if (!generated.IsSuccess) return await FailOrRetryAsync(job, attempt, generated.Error!, ct);
            var observations = generated.Value!;
            result = new ObservationsGenerated(JobIds.ResultStreamOf(jobId), jobId, job.TeamId, job.ProjectId, job.SessionId,
                job.SourceId, promptNumber, observations, Now);
            count = observations.Count;
            tokens = generated.Tokens;
        }
        return await RecordResultAsync(job, attempt, result, count, tokens, ct);
    }

    /// <summary>The result, the completion and the usage counters (of the job's key and team) commit together; if the result stream exists already, another run won.</summary>
    private async Task<JobRunOutcome> RecordResultAsync(GenerationJobView job, int attempt, object result, int count, long? tokens, CancellationToken ct)
    {
        const int maxConflicts = 3;
        for (var conflicts = 0; ; conflicts++)
        {
            try
            {
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForWriting<GenerationJobView>(job.Id, ct);
                if (stream.Aggregate is null || JobStatuses.IsTerminal(stream.Aggregate.Status)) return new(JobRunResult.Skipped, job.JobId);
                session.Events.StartStream(JobIds.ResultStreamOf(job.JobId), result);
                stream.AppendOne(new GenerationJobCompleted(job.Id, attempt, count, Now, tokens));
                session.QueueSqlCommand(UsageTables.AddGenerationSql, job.TeamId, UsageTables.MonthOf(Now), job.KeyId ?? UsageTables.GenerationKey, tokens ?? 0,
                    job.Kind == JobKinds.Event ? count : 0);
                JobStreams.NotifyOnCommit(session, job.JobId);
                await session.SaveChangesAsync(ct);
                return new(JobRunResult.Completed, job.JobId, count);
            }
            catch (Exception e) when (MartenConflicts.IsConcurrencyConflict(e) && conflicts < maxConflicts)
            {
                await using var query = store.QuerySession();
                if (await query.Events.FetchStreamStateAsync(JobIds.ResultStreamOf(job.JobId), ct) is null) continue;
                // Results already recorded by a racing worker, or by an earlier run that died before
                // marking the job: the job is complete, and this run adds nothing.
                await JobStreams.DecideAsync(store, job.JobId, j => JobStatuses.IsTerminal(j.Status) ? null
                    : new GenerationJobCompleted(j.Id, attempt, count, Now), ct);
                return new(JobRunResult.Skipped, job.JobId);
            }
        }
    }

    private async Task<JobRunOutcome> FailOrRetryAsync(GenerationJobView job, int attempt, GenerationError error, CancellationToken ct)
    {
        var reason = $"{error.Kind}: {error.Reason}";
        if (!error.IsRetryable || attempt >= job.MaxAttempts) return await FailAsync(job, attempt, reason, ct);
        var delay = GenerationQueueOptions.RetryDelay(attempt, error.RetryAfter);
        await JobStreams.DecideAsync(store, job.JobId, j => JobStatuses.IsTerminal(j.Status) ? null
            : new GenerationJobRetryScheduled(j.Id, attempt, reason, (long)delay.TotalMilliseconds, Now), ct);
        return new(JobRunResult.RetryLater, job.JobId, Error: reason, RetryDelay: delay);
    }

    private async Task<JobRunOutcome> FailAsync(GenerationJobView job, int attempt, string reason, CancellationToken ct)
    {
        await JobStreams.DecideAsync(store, job.JobId, j => JobStatuses.IsTerminal(j.Status) ? null
            : new GenerationJobFailed(j.Id, attempt, reason, Now), ct);
        return new(JobRunResult.Failed, job.JobId, Error: reason);
    }

    /// <summary>An event job looks at its event; a summary job at the session's latest events. Null when the source is gone.</summary>
    private async Task<IReadOnlyList<PromptEvent>?> LoadEventsAsync(GenerationJobView job, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        if (job.Kind == JobKinds.Summary)
        {
            var events = await query.Query<AgentEventView>()
                .Where(e => e.SessionId == job.SourceId)
                .OrderByDescending(e => e.OccurredAtEpoch).Take(MaxSummaryEvents).ToListAsync(ct);
            return events.OrderBy(e => e.OccurredAtEpoch).Select(ToPromptEvent).ToList();
        }
        var source = await query.LoadAsync<AgentEventView>(job.SourceId, ct);
        return source is null ? null : [ToPromptEvent(source)];
    }

    /// <summary>
    /// Which user prompt of its session the event followed (1-based, as the old server numbered
    /// observations), and that prompt, shown to the model as context for what the agent was asked.
    /// </summary>
    private async Task<(int? Number, PromptEvent? Prompt)> PromptBeforeAsync(GenerationJobView job, CancellationToken ct)
    {
        if (job.SessionId is not { } sessionId) return (null, null);
        await using var query = store.QuerySession();
        var source = await query.LoadAsync<AgentEventView>(job.SourceId, ct);
        if (source is null) return (null, null);
        var prompts = query.Query<AgentEventView>().Where(e => e.SessionId == sessionId
            && e.EventType == HookEventTypes.UserPromptSubmit && e.OccurredAtEpoch <= source.OccurredAtEpoch);
        var count = await prompts.CountAsync(ct);
        if (count == 0) return (null, null);
        var last = await prompts.OrderByDescending(e => e.OccurredAtEpoch).FirstAsync(ct);
        return (count, ToPromptEvent(last));
    }

    private static PromptEvent ToPromptEvent(AgentEventView e) =>
        new(e.EventType, DateTimeOffset.FromUnixTimeMilliseconds(e.OccurredAtEpoch), e.Payload);

}
