
namespace ClaudeMem.Events.Generation;

/// <summary>The job read model, an inline snapshot of the job's stream.</summary>
public sealed class GenerationJobView : IProjectRecord
{
    public Guid Id { get; set; }
    public string JobId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Status { get; set; } = JobStatuses.Queued;
    public string TeamId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public Guid? SessionId { get; set; }
    public string SourceType { get; set; } = "";
    public Guid SourceId { get; set; }
    public string Transport { get; set; } = "";

    /// <summary>The id in the transport: the job id, then a suffix per operator retry, since BullMQ keeps a finished job under its id (which makes re-adds no-ops).</summary>
    public string QueueJobId { get; set; } = "";
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    public string? LastError { get; set; }
    public int ResultCount { get; set; }
    public long CreatedAtEpoch { get; set; }
    public long UpdatedAtEpoch { get; set; }

    /// <summary>How many times an operator ran it again.</summary>
    public int Requeues { get; set; }
    public long? CompletedAtEpoch { get; set; }

    /// <summary>Provider tokens of the run that completed it, when the provider reports them.</summary>
    public long? Tokens { get; set; }

    /// <summary>The key whose request created the job; its tokens and observations are counted for it.</summary>
    public string? KeyId { get; set; }

    /// <summary>A copy to evolve: the instance Marten hands out for writing is the one it projects on save.</summary>
    public GenerationJobView Copy() => (GenerationJobView)MemberwiseClone();

    public static GenerationJobView Create(GenerationJobQueued queued) => new()
    {
        Id = queued.JobStreamId,
        JobId = queued.JobId,
        Kind = queued.Kind,
        TeamId = queued.TeamId,
        ProjectId = queued.ProjectId,
        SessionId = queued.SessionId,
        SourceType = queued.SourceType,
        SourceId = queued.SourceId,
        MaxAttempts = queued.MaxAttempts,
        Transport = queued.Transport,
        QueueJobId = queued.JobId,
        CreatedAtEpoch = queued.AtEpoch,
        UpdatedAtEpoch = queued.AtEpoch,
        KeyId = queued.KeyId,
    };

    public void Apply(GenerationJobStarted e)
    {
        Status = JobStatuses.Active;
        Attempts = Math.Max(Attempts, e.Attempt);
        UpdatedAtEpoch = e.AtEpoch;
    }

    public void Apply(GenerationJobRetryScheduled e)
    {
        Status = JobStatuses.Retrying;
        LastError = e.Error;
        UpdatedAtEpoch = e.AtEpoch;
    }

    public void Apply(GenerationJobCompleted e)
    {
        Status = JobStatuses.Completed;
        ResultCount = e.ResultCount;
        Tokens = e.Tokens;
        CompletedAtEpoch = e.AtEpoch;
        UpdatedAtEpoch = e.AtEpoch;
    }

    public void Apply(GenerationJobFailed e)
    {
        Status = JobStatuses.Failed;
        LastError = e.Error;
        UpdatedAtEpoch = e.AtEpoch;
    }

    public void Apply(GenerationJobCancelled e)
    {
        Status = JobStatuses.Cancelled;
        UpdatedAtEpoch = e.AtEpoch;
    }

    public void Apply(GenerationJobRequeued e)
    {
        Status = JobStatuses.Queued;
        Attempts = 0;
        LastError = null;
        Requeues++;
        QueueJobId = $"{JobId}-r{Requeues}";
        UpdatedAtEpoch = e.AtEpoch;
    }
}
