using ClaudeMem.Events.Memories;
using ClaudeMem.Http.Memories;

namespace ClaudeMem.Http.Tests.Decisions;

/// <summary>Adding, editing and deleting a memory, decided from its stream's events.</summary>
public class MemoryDecisionTests
{
    private static readonly Guid Id = Given.Id(21);

    private static MemoryRecorded Recorded() => AddMemoryEndpoint.Decide(new AddMemoryRequest("shop", null, ObservationTypes.Bugfix,
        "  Fix the cart  ", "  subtitle  ", "  Carts lost items on refresh.  ", ["a fact"], ["cart"], ["src/Cart.cs"], null), Id, "team-a", 1_000);

    [Fact]
    public void A_new_memory_is_recorded_trimmed()
    {
        var recorded = Recorded();

        Assert.Equal((Id, "team-a", "shop", ObservationTypes.Bugfix, "Fix the cart", "subtitle", "Carts lost items on refresh.", 1_000L),
            (recorded.MemoryId, recorded.TeamId, recorded.ProjectId, recorded.Type, recorded.Title, recorded.Subtitle, recorded.Text, recorded.RecordedAtEpoch));
        Assert.Equal(["src/Cart.cs"], recorded.Files);
    }

    [Fact]
    public void A_memory_without_a_type_gets_the_default_one_and_empty_lists()
    {
        var recorded = AddMemoryEndpoint.Decide(new AddMemoryRequest("shop", null, null, "t", null, "x", null, null, null, null), Id, "team-a", 1_000);

        Assert.Equal(ObservationTypes.Default, recorded.Type);
        Assert.Empty(recorded.Facts);
        Assert.Null(recorded.Subtitle);
    }

    [Fact]
    public void An_edit_changes_only_the_fields_it_names_and_keeps_when_it_was_created()
    {
        var given = Given.Stream<MemoryView>(Recorded());

        var edited = EditMemoryEndpoint.Decide(given, new EditMemoryRequest(Title: " New title "), 2_000);

        Assert.Equal(("New title", "subtitle", "Carts lost items on refresh.", ObservationTypes.Bugfix, 1_000L, 2_000L),
            (edited.Title, edited.Subtitle, edited.Text, edited.Type, edited.CreatedAtEpoch, edited.EditedAtEpoch));
        Assert.Equal(["a fact"], edited.Facts);
    }

    [Fact]
    public void A_blank_subtitle_in_an_edit_removes_the_subtitle()
    {
        var given = Given.Stream<MemoryView>(Recorded());

        Assert.Null(EditMemoryEndpoint.Decide(given, new EditMemoryRequest(Subtitle: "  "), 2_000).Subtitle);
    }

    [Fact]
    public void Deleting_records_the_deletion_for_the_memory_team_and_project()
    {
        var given = Given.Stream<MemoryView>(Recorded());

        Assert.Equal(new MemoryDeleted(Id, "team-a", "shop", 3_000), DeleteMemoryEndpoint.Decide(given, 3_000));
    }
}
