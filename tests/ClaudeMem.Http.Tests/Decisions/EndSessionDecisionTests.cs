using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Sessions;

namespace ClaudeMem.Http.Tests.Decisions;

public class EndSessionDecisionTests
{
    private static readonly Guid Id = Given.Id(2);
    private static readonly SessionStarted Started = new(Id, "team-a", "shop", "ext-1", null, null, null, null, null, 1_000);

    [Fact]
    public void An_active_session_ends_and_queues_its_one_final_summary_job()
    {
        var given = Given.Stream<SessionView>(Started);

        var decided = EndSessionEndpoint.Decide(given, transport: "bullmq", keyId: "key-1", nowEpoch: 5_000);

        Assert.NotNull(decided);
        var (ended, job) = decided.Value;
        Assert.Equal(new SessionEnded(Id, 5_000), ended);
        Assert.Equal((JobIds.ForSessionSummary(Id), JobKinds.Summary, JobSourceTypes.Session, Id, (Guid?)Id, "team-a", "shop", "bullmq", "key-1", 5_000L),
            (job.JobId, job.Kind, job.SourceType, job.SourceId, job.SessionId, job.TeamId, job.ProjectId, job.Transport, job.KeyId, job.AtEpoch));
        Assert.Equal(JobIds.StreamOf(job.JobId), job.JobStreamId);
    }

    [Fact]
    public void An_ended_session_is_not_ended_twice_nor_summarised_twice()
    {
        var given = Given.Stream<SessionView>(Started, new SessionEnded(Id, 5_000));

        Assert.Null(EndSessionEndpoint.Decide(given, "bullmq", "key-1", 6_000));
    }
}
