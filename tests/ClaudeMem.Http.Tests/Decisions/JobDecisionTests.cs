using ClaudeMem.Generation.Jobs;

namespace ClaudeMem.Http.Tests.Decisions;

/// <summary>An operator's retry and cancel, decided from the job stream's events.</summary>
public class JobDecisionTests
{
    private static readonly Guid Source = Given.Id(31);
    private static readonly string JobId = JobIds.ForEvent(Source);
    private static readonly Guid Stream = JobIds.StreamOf(JobId);

    private static readonly GenerationJobQueued Queued = new(Stream, JobId, JobKinds.Event, "team-a", "shop", null,
        JobSourceTypes.Event, Source, 3, "bullmq", 1_000);

    /// <summary>The job queued, then <paramref name="events"/>.</summary>
    private static GenerationJobView Job(params object[] events) => Given.Stream<GenerationJobView>(Queued, events);

    [Fact]
    public void A_failed_job_is_requeued()
    {
        var decision = JobTransitions.Retry(Job(new GenerationJobStarted(Stream, 1, "w1", 1_100), new GenerationJobFailed(Stream, 1, "boom", 1_200)), 2_000);

        Assert.Equal(new JobDecision(new GenerationJobRequeued(Stream, 2_000), null), decision);
    }

    [Fact]
    public void A_cancelled_job_is_requeued()
    {
        Assert.IsType<GenerationJobRequeued>(JobTransitions.Retry(Job(new GenerationJobCancelled(Stream, 1_100)), 2_000).Event);
    }

    [Fact]
    public void A_completed_job_is_not_retried_and_the_refusal_names_its_status()
    {
        var decision = JobTransitions.Retry(Job(new GenerationJobStarted(Stream, 1, "w1", 1_100), new GenerationJobCompleted(Stream, 1, 2, 1_200)), 2_000);

        Assert.Null(decision.Event);
        Assert.Equal("only failed or cancelled jobs can be retried; this one is completed", decision.Refusal);
    }

    [Fact]
    public void A_queued_job_is_cancelled()
    {
        Assert.Equal(new JobDecision(new GenerationJobCancelled(Stream, 2_000), null), JobTransitions.Cancel(Job(), 2_000));
    }

    [Fact]
    public void Cancelling_a_cancelled_job_again_appends_nothing_and_refuses_nothing()
    {
        Assert.Equal(new JobDecision(null, null), JobTransitions.Cancel(Job(new GenerationJobCancelled(Stream, 1_100)), 2_000));
    }

    [Fact]
    public void A_failed_job_is_not_cancelled()
    {
        var decision = JobTransitions.Cancel(Job(new GenerationJobFailed(Stream, 1, "boom", 1_200)), 2_000);

        Assert.Null(decision.Event);
        Assert.Equal("only unfinished jobs can be cancelled; this one is failed", decision.Refusal);
    }
}
