using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Sessions;

namespace ClaudeMem.Http.Tests.Decisions;

public class SummaryRequestDecisionTests
{
    private static readonly Guid Id = Given.Id(3);
    private static readonly SessionStarted Started = new(Id, "team-a", "shop", null, "content-1", null, null, null, null, 1_000);

    [Fact]
    public void A_new_checkpoint_of_an_active_session_queues_its_own_summary_job()
    {
        var given = Given.Stream<SessionView>(Started);

        var job = SummarizeSessionEndpoint.Decide(given, existing: null, "stop-1", "in-process", "key-1", 2_000);

        Assert.NotNull(job);
        Assert.Equal(JobIds.ForSessionCheckpoint(Id, "stop-1"), job.JobId);
        Assert.Equal(job.JobId, SummarizeSessionEndpoint.JobIdFor(given, "stop-1"));
        Assert.Equal((JobKinds.Summary, Id, "in-process", 2_000L), (job.Kind, job.SourceId, job.Transport, job.AtEpoch));
    }

    [Fact]
    public void A_checkpoint_seen_before_queues_nothing()
    {
        var given = Given.Stream<SessionView>(Started);
        var existing = Given.Stream<GenerationJobView>(SummarizeSessionEndpoint.Decide(given, null, "stop-1", "bullmq", null, 2_000)!);

        Assert.Null(SummarizeSessionEndpoint.Decide(given, existing, "stop-1", "bullmq", null, 3_000));
    }

    [Fact]
    public void Once_the_session_ended_a_request_is_answered_by_the_final_summary_job()
    {
        var given = Given.Stream<SessionView>(Started, new SessionEnded(Id, 4_000));

        Assert.Equal(JobIds.ForSessionSummary(Id), SummarizeSessionEndpoint.JobIdFor(given, "stop-2"));
    }
}
