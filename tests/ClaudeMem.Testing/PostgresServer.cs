using System.Diagnostics;
using Npgsql;

namespace ClaudeMem.Testing;

/// <summary>A throwaway PostgreSQL cluster: initdb into a temp dir, postgres on a free loopback port.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private ServerProcess? _process;

    private PostgresServer(string dataDirectory, int port)
    {
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public bool Durable { get; private init; }
    public int? Pid => _process?.Pid;

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={ServiceUser};Database={database};Pooling=true;Maximum Pool Size=60";

    public static string BinDirectory =>
        Environment.GetEnvironmentVariable("CLAUDE_MEM_PG_BIN")
        ?? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")))
        ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)");

    /// <param name="durable">Keep PostgreSQL's default durability (fsync, synchronous commit), as users run it; tests turn it off.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var dataDirectory = ServerProcess.TempDirectory("cm-pg");
        if (ServerProcess.IsRoot) await RunAsync("chown", ServiceUser, dataDirectory);
        var initdb = ServerProcess.Start(Path.Combine(BinDirectory, "initdb"),
            ["-D", dataDirectory, "-U", ServiceUser, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"], ServiceUser);
        await initdb.WaitForSuccessAsync(TimeSpan.FromSeconds(120));
        var server = new PostgresServer(dataDirectory, ServerProcess.FreePort()) { Durable = durable };
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts (or restarts) postgres on the same data directory and port.</summary>
    public async Task StartProcessAsync()
    {
        _process = ServerProcess.Start(Path.Combine(BinDirectory, "postgres"),
        [
            "-D", DataDirectory, "-p", Port.ToString(), "-k", DataDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
            // A test cluster holds nothing worth keeping across a machine crash.
            .. (Durable ? [] : new[] { "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off" }),
        ], ServiceUser, leftover: DataDirectory);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"postgres did not start: {e.Message}\n{_process.Output}");
            }
        }
    }

    public Task StopProcessAsync() => _process?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "db_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null) await _process.DisposeAsync();
        TryDelete(DataDirectory);
    }

    internal static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var process = Process.Start(file, args);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}");
    }
}
