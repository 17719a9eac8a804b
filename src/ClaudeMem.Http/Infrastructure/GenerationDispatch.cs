using ClaudeMem.Generation.Jobs;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Handles the outboxed message: hands the committed job to the configured transport.</summary>
public static class DispatchGenerationJobHandler
{
    public const string LocalQueue = "generation-dispatch";

    public static Task Handle(DispatchGenerationJob message, IGenerationDispatcher dispatcher, CancellationToken ct) =>
        dispatcher.DispatchAsync(message, ct);
}
