using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>A script refused the operation; <see cref="Code"/> is BullMQ's negative result code.</summary>
public sealed class QueueScriptException(int code, string command, string? jobId)
    : Exception($"{command} failed for job {jobId ?? "?"}: {Describe(code)} ({code})")
{
    public const int MissingKey = -1;
    public const int MissingLock = -2;
    public const int NotInState = -3;
    public const int LockNotOwned = -6;

    public int Code { get; } = code;

    private static string Describe(int code) => code switch
    {
        MissingKey => "the job does not exist",
        MissingLock => "the job's lock is missing",
        NotInState => "the job is not in the expected state",
        -4 => "the job has pending children",
        -5 => "the parent job does not exist",
        LockNotOwned => "the lock is owned by another worker",
        -7 => "the job belongs to another parent",
        -9 => "the job has failed children",
        _ => "unexpected result",
    };
}
