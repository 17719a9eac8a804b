
namespace ClaudeMem.Events.Generation;

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
