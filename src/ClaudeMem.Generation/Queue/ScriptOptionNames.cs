using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>Fields of the msgpacked options map that the worker-side scripts unpack.</summary>
internal static class ScriptOptionNames
{
    public const string Token = "token";
    public const string LockDuration = "lockDuration";
    public const string WorkerName = "name";
    public const string KeepJobs = "keepJobs";
    public const string Attempts = "attempts";
    public const string MaxMetricsSize = "maxMetricsSize";
    public const string FailParentOnFailure = "fpof";
    public const string ContinueParentOnFailure = "cpof";
    public const string IgnoreDependencyOnFailure = "idof";
    public const string RemoveDependencyOnFailure = "rdof";
}
