using System.Text.Json;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Http.AgentEvents;

namespace ClaudeMem.Http.Tests.Decisions;

/// <summary>The decision behind POST /v1/events, the batch route and the legacy hook routes.</summary>
public class RecordEventDecisionTests
{
    private static readonly Guid First = Given.Id(11);
    private static readonly Guid Second = Given.Id(12);
    private static readonly Guid Session = Given.Id(13);
    private static readonly Dictionary<Guid, AgentEventView> NoEvents = [];
    private static readonly Dictionary<Guid, GenerationJobView> NoJobs = [];

    private static RecordEventRequest Request(string? sourceEventId) => new("shop", null, null, "hook", "PostToolUse", 900,
        JsonDocument.Parse("""{"tool_name":"Edit"}""").RootElement, sourceEventId, JsonDocument.Parse("null").RootElement);

    [Fact]
    public void A_new_event_is_recorded_with_its_generation_job()
    {
        var decision = AgentEventRecording.Decide([Request("src-1")], [First], [Session], NoEvents, NoJobs, "team-a", "key-1", "bullmq", 1_000);

        var (recorded, job) = Assert.Single(decision.New);
        Assert.Equal((First, "team-a", "shop", (Guid?)Session, "hook", "PostToolUse", 900L, "src-1", 1_000L),
            (recorded.EventId, recorded.TeamId, recorded.ProjectId, recorded.SessionId, recorded.SourceType, recorded.EventType,
                recorded.OccurredAtEpoch, recorded.SourceEventId, recorded.RecordedAtEpoch));
        Assert.Null(recorded.Metadata);
        Assert.NotNull(job);
        Assert.Equal((JobIds.ForEvent(First), JobKinds.Event, First, (Guid?)Session, "bullmq", "key-1"),
            (job.JobId, job.Kind, job.SourceId, job.SessionId, job.Transport, job.KeyId));
        var answer = Assert.Single(decision.Answers);
        Assert.True(answer.Created);
        Assert.Equal(job.JobId, answer.Job!.Id);
    }

    [Fact]
    public void Without_a_transport_the_event_is_recorded_without_a_job()
    {
        var decision = AgentEventRecording.Decide([Request(null)], [First], [null], NoEvents, NoJobs, "team-a", null, generateWith: null, 1_000);

        Assert.Null(Assert.Single(decision.New).Job);
        Assert.Null(Assert.Single(decision.Answers).Job);
    }

    [Fact]
    public void An_event_already_stored_is_answered_as_it_is_and_nothing_is_appended()
    {
        var stored = AgentEventRecording.Decide([Request("src-1")], [First], [null], NoEvents, NoJobs, "team-a", null, "bullmq", 1_000).New[0];
        var given = new Dictionary<Guid, AgentEventView> { [First] = Given.Stream<AgentEventView>(stored.Event) };
        var givenJobs = new Dictionary<Guid, GenerationJobView> { [First] = Given.Stream<GenerationJobView>(stored.Job!) };

        var decision = AgentEventRecording.Decide([Request("src-1")], [First], [null], given, givenJobs, "team-a", null, "bullmq", 2_000);

        Assert.Empty(decision.New);
        var answer = Assert.Single(decision.Answers);
        Assert.False(answer.Created);
        Assert.Equal(1_000, answer.View.CreatedAtEpoch);
        Assert.Equal(stored.Job!.JobId, answer.Job!.Id);
    }

    [Fact]
    public void The_same_event_twice_in_one_batch_is_recorded_once_and_answered_twice()
    {
        var decision = AgentEventRecording.Decide([Request("src-1"), Request("src-2"), Request("src-1")], [First, Second, First],
            [null, null, null], NoEvents, NoJobs, "team-a", null, "bullmq", 1_000);

        Assert.Equal([First, Second], decision.New.Select(n => n.Event.EventId));
        Assert.Equal([true, true, false], decision.Answers.Select(a => a.Created));
        Assert.Equal(decision.Answers[0].Job!.Id, decision.Answers[2].Job!.Id);
    }
}
