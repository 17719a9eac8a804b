using ClaudeMem.Events.Access;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Actions recorded in the audit trail, stored in the same transaction as the change.</summary>
public static class AuditActions
{
    public const string ApiKeyCreated = "api-key.create";
    public const string ApiKeyRevoked = "api-key.revoke";
    public const string SessionStarted = "session.start";
    public const string SessionEnded = "session.end";
    public const string EventRecorded = "event.record";
    public const string EventBatchRecorded = "event.batch";
    public const string MemoryRecorded = "memory.record";
    public const string MemoryEdited = "memory.edit";
    public const string MemoryDeleted = "memory.delete";
    public const string ObservationDeleted = "observation.delete";
    public const string ProjectMemoryForgotten = "project.forget";
    public const string JobRetried = "job.retry";
    public const string JobCancelled = "job.cancel";

    public static void Record(IDocumentSession session, HttpContext context, Caller caller, string action,
        string projectId, string target, long nowEpoch) =>
        session.Insert(new AuditEntry
        {
            // The id carries the same instant as AtEpoch, from the request's TimeProvider.
            Id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(nowEpoch)),
            AtEpoch = nowEpoch,
            RequestId = RequestIds.Of(context),
            Actor = caller.Actor,
            Action = action,
            TeamId = caller.TeamId,
            ProjectId = projectId,
            Target = target,
        });
}
