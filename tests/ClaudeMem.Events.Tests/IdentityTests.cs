using ClaudeMem.Events.Generation;

namespace ClaudeMem.Events.Tests;

public class IdentityTests
{
    [Fact]
    public void Stream_ids_are_deterministic_per_natural_key_and_distinct_across_keys()
    {
        var a = StreamIds.ForSession("team", "project", "external");
        Assert.Equal(a, StreamIds.ForSession("team", "project", "external"));
        Assert.NotEqual(a, StreamIds.ForSession("other-team", "project", "external"));
        Assert.NotEqual(a, StreamIds.ForAgentEvent("team", "project", "external"));
        // The separator keeps ("a/b", "c") and ("a", "b/c") apart.
        Assert.NotEqual(StreamIds.From("k", "a\u001fb", "c"), StreamIds.From("k", "a", "b\u001fc"));
        Assert.NotEqual(StreamIds.From("k", "ab", "c"), StreamIds.From("k", "a", "bc"));
    }

    [Fact]
    public void Stream_ids_are_version_5_style_uuids()
    {
        var text = StreamIds.From("kind", "x").ToString();
        Assert.Equal('5', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Fact]
    public void Job_ids_follow_the_evt_and_sum_shapes_and_are_valid_bullmq_custom_ids()
    {
        var eventId = Guid.NewGuid();
        var jobId = JobIds.ForEvent(eventId);
        Assert.Matches("^evt_[0-9a-f]{32}$", jobId);
        Assert.Equal(jobId, JobIds.ForEvent(eventId));
        Assert.Matches("^sum_[0-9a-f]{32}$", JobIds.ForSessionSummary(eventId));
        Assert.NotEqual(JobIds.StreamOf(jobId), JobIds.ResultStreamOf(jobId));
        Assert.True(JobIds.LooksValid(jobId));
        Assert.False(JobIds.LooksValid("evt_123"));
        Assert.False(JobIds.LooksValid("job_" + new string('a', 32)));
        Assert.DoesNotContain(':', jobId);
    }

    [Fact]
    public void The_job_read_model_follows_its_lifecycle()
    {
        var queued = new GenerationJobQueued(Guid.NewGuid(), "evt_x", JobKinds.Event, "t", "p", null, JobSourceTypes.Event, Guid.NewGuid(), 3, "bullmq", 1);
        var job = GenerationJobView.Create(queued);
        Assert.Equal(JobStatuses.Queued, job.Status);
        job.Apply(new GenerationJobStarted(job.Id, 1, "w1", 2));
        job.Apply(new GenerationJobRetryScheduled(job.Id, 1, "503", 5000, 3));
        Assert.Equal((JobStatuses.Retrying, 1, "503"), (job.Status, job.Attempts, job.LastError));
        job.Apply(new GenerationJobStarted(job.Id, 2, "w2", 4));
        job.Apply(new GenerationJobFailed(job.Id, 2, "auth", 5));
        Assert.True(JobStatuses.IsTerminal(job.Status));
        Assert.Equal("evt_x", job.QueueJobId);
        job.Apply(new GenerationJobRequeued(job.Id, 6));
        Assert.Equal((JobStatuses.Queued, 0, null), (job.Status, job.Attempts, job.LastError));
        Assert.Equal("evt_x-r1", job.QueueJobId);
    }
}
