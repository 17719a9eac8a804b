namespace ClaudeMem.Events.Generation;

/// <summary>
/// The engines that carry generation jobs: the value of <c>CLAUDE_MEM_QUEUE_ENGINE</c>, and the
/// <see cref="GenerationJobQueued.Transport"/> a job records when it is created.
/// </summary>
public static class QueueEngines
{
    /// <summary>BullMQ-compatible queues on Valkey, consumed by worker processes.</summary>
    public const string BullMq = "bullmq";

    /// <summary>Wolverine's durable local queue inside the server (development without Valkey).</summary>
    public const string InProcess = "in-process";
}
