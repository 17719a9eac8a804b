using Marten.Linq;

namespace ClaudeMem.Events.Access;

/// <summary>Who did what, written in the same transaction as the change it records.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public long AtEpoch { get; set; }
    public string RequestId { get; set; } = "";
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? TeamId { get; set; }
    public string? ProjectId { get; set; }
    public string? Target { get; set; }
}
