using System.Text.Json;
using ClaudeMem.Events.Sessions;
using ClaudeMem.Http.Sessions;

namespace ClaudeMem.Http.Tests.Decisions;

/// <summary>Given the session's past events, when a start is asked, then the events decided: no HTTP, no PostgreSQL.</summary>
public class StartSessionDecisionTests
{
    private static readonly Guid Id = Given.Id(1);
    private static readonly StartSessionRequest Request = new("shop", "ext-1", null, "agent-1", "claude-code", "hooks",
        JsonDocument.Parse("""{"branch":"main"}""").RootElement);

    [Fact]
    public void No_session_yet_starts_one_with_everything_the_request_named()
    {
        var started = StartSessionEndpoint.Decide(existing: null, Request, Id, "team-a", nowEpoch: 1_000);

        Assert.NotNull(started);
        Assert.Equal((Id, "team-a", "shop", "ext-1", (string?)null, "agent-1", "claude-code", "hooks", 1_000L),
            (started.SessionId, started.TeamId, started.ProjectId, started.ExternalSessionId, started.ContentSessionId, started.AgentId,
                started.AgentType, started.PlatformSource, started.StartedAtEpoch));
        Assert.Equal("main", started.Metadata!.Value.GetProperty("branch").GetString());
    }

    [Fact]
    public void A_json_null_metadata_is_stored_as_no_metadata()
    {
        var request = Request with { Metadata = JsonDocument.Parse("null").RootElement };

        Assert.Null(StartSessionEndpoint.Decide(null, request, Id, "team-a", 1_000)!.Metadata);
    }

    [Fact]
    public void A_session_already_started_is_not_started_again()
    {
        var given = Given.Stream<SessionView>(StartSessionEndpoint.Decide(null, Request, Id, "team-a", 1_000)!);

        Assert.Null(StartSessionEndpoint.Decide(given, Request, Id, "team-a", 2_000));
    }
}
