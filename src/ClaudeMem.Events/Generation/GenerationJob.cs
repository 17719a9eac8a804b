using System.Security.Cryptography;
using System.Text;

namespace ClaudeMem.Events.Generation;

/// <summary>The two kinds of generation work; each is also the name of its BullMQ queue.</summary>
public static class JobKinds
{
    public const string Event = "event";
    public const string Summary = "summary";

    public static readonly IReadOnlyList<string> All = [Event, Summary];
}

public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Active = "active";
    public const string Retrying = "retrying";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Queued, Active, Retrying, Completed, Failed, Cancelled };

    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled;
}

public static class JobSourceTypes
{
    public const string Event = "event";
    public const string Session = "session";
}

/// <summary>
/// Deterministic job ids: `evt_` + hash per agent event, `sum_` + hash per session end. The same
/// source always names the same job, in PostgreSQL and in Valkey, so every replay is a no-op.
/// </summary>
public static class JobIds
{
    public const string EventPrefix = "evt_";
    public const string SummaryPrefix = "sum_";

    public static string ForEvent(Guid eventId) => EventPrefix + Hash(eventId);
    public static string ForSessionSummary(Guid sessionId) => SummaryPrefix + Hash(sessionId);

    /// <summary>A summary of the session so far, asked for at a checkpoint (the client's id for that moment, e.g. a Stop hook).</summary>
    public static string ForSessionCheckpoint(Guid sessionId, string checkpointId) =>
        SummaryPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sessionId:N}:checkpoint:{checkpointId}")))[..32];

    public static Guid StreamOf(string jobId) => StreamIds.From("job", jobId);
    public static Guid ResultStreamOf(string jobId) => StreamIds.From("job-result", jobId);

    public static bool LooksValid(string jobId) =>
        (jobId.StartsWith(EventPrefix, StringComparison.Ordinal) || jobId.StartsWith(SummaryPrefix, StringComparison.Ordinal))
        && jobId.Length == EventPrefix.Length + 32 && jobId.AsSpan(4).ContainsAnyExcept("0123456789abcdef") == false;

    private static string Hash(Guid id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id.ToString("N"))))[..32];
}

/// <param name="Transport">The engine that carries it (bullmq, in-process), fixed when the job is created.</param>
/// <param name="KeyId">The API key whose request created the job, so its generated tokens count for that key; null for
/// the local-dev caller (and for jobs recorded before it was kept): their usage counts for the team only.</param>
public sealed record GenerationJobQueued(
    Guid JobStreamId, string JobId, string Kind, string TeamId, string ProjectId, Guid? SessionId,
    string SourceType, Guid SourceId, int MaxAttempts, string Transport, long AtEpoch, string? KeyId = null);

public sealed record GenerationJobStarted(Guid JobStreamId, int Attempt, string Worker, long AtEpoch);

public sealed record GenerationJobRetryScheduled(Guid JobStreamId, int Attempt, string Error, long DelayMs, long AtEpoch);

/// <param name="Tokens">What the provider reported using for the answer; null when it does not report it (and for events recorded before it was kept).</param>
public sealed record GenerationJobCompleted(Guid JobStreamId, int Attempt, int ResultCount, long AtEpoch, long? Tokens = null);

public sealed record GenerationJobFailed(Guid JobStreamId, int Attempt, string Error, long AtEpoch);

public sealed record GenerationJobCancelled(Guid JobStreamId, long AtEpoch);

/// <summary>An operator asked to run a failed or cancelled job again, under the same id.</summary>
public sealed record GenerationJobRequeued(Guid JobStreamId, long AtEpoch);

/// <summary>The job read model, an inline snapshot of the job's stream.</summary>
public sealed class GenerationJobView
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
