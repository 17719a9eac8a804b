using System.Security.Cryptography;
using System.Text;

namespace ClaudeMem.Events.Generation;

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
