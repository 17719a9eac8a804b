using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

public sealed class SummaryView : IProjectRecord
{
    /// <summary>One summary per session: the session's id.</summary>
    public Guid Id { get; set; }
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public string JobId { get; set; } = "";
    public string? Request { get; set; }
    public string? Investigated { get; set; }
    public string? Learned { get; set; }
    public string? Completed { get; set; }
    public string? NextSteps { get; set; }
    public string? Notes { get; set; }
    public long CreatedAtEpoch { get; set; }
}
