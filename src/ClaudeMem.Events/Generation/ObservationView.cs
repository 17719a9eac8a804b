using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

public sealed class ObservationView : IProjectRecord
{
    public Guid Id { get; set; }
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public Guid? SessionId { get; set; }
    public string Type { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Subtitle { get; set; }
    public IReadOnlyList<string> Facts { get; set; } = [];
    public string? Narrative { get; set; }
    public IReadOnlyList<string> Concepts { get; set; } = [];
    public IReadOnlyList<string> FilesRead { get; set; } = [];
    public IReadOnlyList<string> FilesModified { get; set; } = [];
    public int? PromptNumber { get; set; }
    public Guid SourceEventId { get; set; }
    public string JobId { get; set; } = "";
    public long CreatedAtEpoch { get; set; }
}
