using ClaudeMem.Events.Search;
using Marten;
using Marten.Events.Projections;
using JasperFx.Events;

namespace ClaudeMem.Events.Generation;

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
