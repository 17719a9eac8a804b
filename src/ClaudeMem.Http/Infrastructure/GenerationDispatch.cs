using ClaudeMem.Generation.Jobs;
using Wolverine;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Handles the outboxed message: hands the committed job to the configured transport.</summary>
public static class DispatchGenerationJobHandler
{
    public const string LocalQueue = "generation-dispatch";

    /// <summary>An in-process attempt its stream scheduled for retry comes back, durably, after the delay the stream recorded.</summary>
    public static async Task Handle(DispatchGenerationJob message, IGenerationDispatcher dispatcher, IMessageContext context, CancellationToken ct)
    {
        if (await dispatcher.DispatchAsync(message, ct) is { } retryDelay)
            await context.ScheduleAsync(message, retryDelay);
    }
}
