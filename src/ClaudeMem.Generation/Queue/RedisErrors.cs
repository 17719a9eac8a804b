using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>Tells errors that go away by themselves (a lost or restarting server) from those that do not.</summary>
public static class RedisErrors
{
    private const string LoadingErrorPrefix = "LOADING";

    public static bool IsTransient(Exception error) => error switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => true,
        RedisServerException server => server.Message.StartsWith(LoadingErrorPrefix, StringComparison.Ordinal),
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };
}
