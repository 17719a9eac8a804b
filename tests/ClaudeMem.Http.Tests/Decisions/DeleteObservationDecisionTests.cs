using ClaudeMem.Http.Observations;

namespace ClaudeMem.Http.Tests.Decisions;

public class DeleteObservationDecisionTests
{
    [Fact]
    public void Deleting_records_the_deletion_for_the_observation_team_and_project()
    {
        var id = Given.Id(41);
        var given = new ObservationView { Id = id, TeamId = "team-a", ProjectId = "shop", Title = "t" };

        Assert.Equal(new ObservationDeleted(id, "team-a", "shop", 3_000), DeleteObservationEndpoint.Decide(given, 3_000));
    }
}
