using System.Text.Json;

namespace ClaudeMem.Events.Memories;

public sealed class MemoryView : IProjectRecord
{
    public Guid Id { get; set; }
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public Guid? SessionId { get; set; }
    public string Type { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Subtitle { get; set; }
    public string Text { get; set; } = "";
    public IReadOnlyList<string> Facts { get; set; } = [];
    public IReadOnlyList<string> Concepts { get; set; } = [];
    public IReadOnlyList<string> Files { get; set; } = [];
    public JsonElement? Metadata { get; set; }
    public long CreatedAtEpoch { get; set; }
    public long UpdatedAtEpoch { get; set; }

    public static MemoryView Create(MemoryRecorded recorded) => new()
    {
        Id = recorded.MemoryId,
        TeamId = recorded.TeamId,
        ProjectId = recorded.ProjectId,
        SessionId = recorded.SessionId,
        Type = recorded.Type,
        Title = recorded.Title,
        Subtitle = recorded.Subtitle,
        Text = recorded.Text,
        Facts = recorded.Facts,
        Concepts = recorded.Concepts,
        Files = recorded.Files,
        Metadata = recorded.Metadata,
        CreatedAtEpoch = recorded.RecordedAtEpoch,
        UpdatedAtEpoch = recorded.RecordedAtEpoch,
    };

    public void Apply(MemoryEdited edited)
    {
        Type = edited.Type;
        Title = edited.Title;
        Subtitle = edited.Subtitle;
        Text = edited.Text;
        Facts = edited.Facts;
        Concepts = edited.Concepts;
        Files = edited.Files;
        UpdatedAtEpoch = edited.EditedAtEpoch;
    }

    public bool ShouldDelete(MemoryDeleted deleted) => true;
}
