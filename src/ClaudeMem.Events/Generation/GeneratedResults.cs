using ClaudeMem.Events.Search;
using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

/// <summary>One note the model wrote (the parser's output, and part of <see cref="ObservationsGenerated"/>).</summary>
public sealed record GeneratedObservation(
    string Type, string? Title, string? Subtitle, IReadOnlyList<string> Facts, string? Narrative,
    IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead, IReadOnlyList<string> FilesModified);

public sealed record GeneratedSummary(
    string? Request, string? Investigated, string? Learned, string? Completed, string? NextSteps, string? Notes);

/// <summary>
/// The output of one event job: the first event of the job's result stream, whose id is derived
/// from the job id, so a second delivery of the same job collides instead of adding a second set.
/// </summary>
public sealed record ObservationsGenerated(
    Guid ResultStreamId, string JobId, string TeamId, string ProjectId, Guid? SessionId, Guid SourceEventId,
    int? PromptNumber, IReadOnlyList<GeneratedObservation> Observations, long AtEpoch);

public sealed record SummaryGenerated(
    Guid ResultStreamId, string JobId, string TeamId, string ProjectId, Guid SessionId,
    GeneratedSummary Summary, long AtEpoch);

public sealed class ObservationView
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

public sealed class SummaryView
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

/// <summary>Turns each generated result into its read-model documents, inline with the append.</summary>
public sealed partial class GeneratedResultsProjection : EventProjection
{
    /// <summary>The i-th observation of a job: the same job always yields the same ids.</summary>
    public static Guid ObservationId(string jobId, int index) => StreamIds.From("observation", jobId, index.ToString());

    public void Project(ObservationDeleted deleted, IDocumentOperations operations) =>
        operations.Delete<ObservationView>(deleted.ObservationId);

    /// <summary>Manual memories are not this projection's: forgetting appends a MemoryDeleted to each of their streams.</summary>
    public void Project(ProjectMemoryForgotten forgotten, IDocumentOperations operations)
    {
        operations.DeleteWhere<ObservationView>(o => o.TeamId == forgotten.TeamId && o.ProjectId == forgotten.ProjectId && o.CreatedAtEpoch <= forgotten.ForgottenAtEpoch);
        operations.DeleteWhere<SummaryView>(s => s.TeamId == forgotten.TeamId && s.ProjectId == forgotten.ProjectId && s.CreatedAtEpoch <= forgotten.ForgottenAtEpoch);
    }

    public void Project(ObservationsGenerated generated, IDocumentOperations operations)
    {
        for (var i = 0; i < generated.Observations.Count; i++)
        {
            var o = generated.Observations[i];
            operations.Store(new ObservationView
            {
                Id = ObservationId(generated.JobId, i),
                TeamId = generated.TeamId,
                ProjectId = generated.ProjectId,
                SessionId = generated.SessionId,
                Type = o.Type,
                Title = o.Title ?? "",
                Subtitle = o.Subtitle,
                Facts = o.Facts,
                Narrative = o.Narrative,
                Concepts = o.Concepts,
                FilesRead = o.FilesRead,
                FilesModified = o.FilesModified,
                PromptNumber = generated.PromptNumber,
                SourceEventId = generated.SourceEventId,
                JobId = generated.JobId,
                CreatedAtEpoch = generated.AtEpoch,
            });
        }
    }

    public void Project(SummaryGenerated generated, IDocumentOperations operations) =>
        operations.Store(new SummaryView
        {
            Id = generated.SessionId,
            TeamId = generated.TeamId,
            ProjectId = generated.ProjectId,
            JobId = generated.JobId,
            Request = generated.Summary.Request,
            Investigated = generated.Summary.Investigated,
            Learned = generated.Summary.Learned,
            Completed = generated.Summary.Completed,
            NextSteps = generated.Summary.NextSteps,
            Notes = generated.Summary.Notes,
            CreatedAtEpoch = generated.AtEpoch,
        });
}
