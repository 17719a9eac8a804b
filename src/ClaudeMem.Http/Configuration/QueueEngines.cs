namespace ClaudeMem.Http.Configuration;

public static class QueueEngines
{
    public const string BullMq = "bullmq";
    public const string InProcess = "in-process";
}
