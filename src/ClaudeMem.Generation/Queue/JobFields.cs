namespace ClaudeMem.Generation.Queue;

/// <summary>Field names of a job hash (<c>&lt;prefix&gt;:&lt;queue&gt;:&lt;id&gt;</c>) as the scripts write them.</summary>
public static class JobFields
{
    public const string Name = "name";
    public const string Data = "data";
    public const string Opts = "opts";
    public const string Timestamp = "timestamp";
    public const string Delay = "delay";
    public const string Priority = "priority";
    public const string ProcessedOn = "processedOn";
    public const string FinishedOn = "finishedOn";
    public const string AttemptsMade = "atm";
    public const string AttemptsMadeLegacy = "attemptsMade";
    public const string AttemptsStarted = "ats";
    public const string StalledCounter = "stc";
    public const string FailedReason = "failedReason";
    public const string Stacktrace = "stacktrace";
    public const string ReturnValue = "returnvalue";
    public const string DeferredFailure = "defa";
    public const string ProcessedBy = "pb";
    public const string Progress = "progress";
}
