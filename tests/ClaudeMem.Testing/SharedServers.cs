namespace ClaudeMem.Testing;

/// <summary>
/// One PostgreSQL and one Valkey/Redis per test process, started on first use and stopped
/// by PID when the process exits. Tests isolate themselves with a database or key prefix of their own.
/// </summary>
public static class SharedServers
{
    private static readonly Lazy<Task<PostgresServer>> Postgres = new(StartAndRegister(() => PostgresServer.StartAsync()));
    private static readonly Lazy<Task<RedisServer>> Redis = new(StartAndRegister(RedisServer.StartAsync));

    public static Task<PostgresServer> PostgresAsync() => Postgres.Value;
    public static Task<RedisServer> RedisAsync() => Redis.Value;

    private static Func<Task<T>> StartAndRegister<T>(Func<Task<T>> start) where T : IAsyncDisposable => async () =>
    {
        var server = await start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    };
}
