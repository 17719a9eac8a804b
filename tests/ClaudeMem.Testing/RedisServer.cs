using System.Diagnostics;
using System.Net.Sockets;

namespace ClaudeMem.Testing;

/// <summary>
/// A throwaway Valkey/redis-server on a free loopback port with AOF on, as in ops/valkey.conf.
/// Uses valkey-server when installed, else redis-server (the same protocol).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private ServerProcess? _process;

    private RedisServer(string dataDirectory, int port)
    {
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public int? Pid => _process?.Pid;
    public string Url => $"redis://127.0.0.1:{Port}";
    public string Configuration => $"127.0.0.1:{Port}";

    public static string Binary =>
        new[] { "/usr/bin/valkey-server", "/usr/local/bin/valkey-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server" }
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("neither valkey-server nor redis-server is installed (apt-get install redis-server)");

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(ServerProcess.TempDirectory("cm-redis"), ServerProcess.FreePort());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts (or restarts) the server on the same port and data directory, replaying its AOF.</summary>
    public async Task StartProcessAsync()
    {
        _process = ServerProcess.Start(Binary,
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", DataDirectory,
            "--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction",
            "--save", "", "--daemonize", "no", "--protected-mode", "yes",
        ], leftover: DataDirectory);
        var deadline = Stopwatch.StartNew();
        while (!await PingAsync())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"redis did not start:\n{_process.Output}");
            await Task.Delay(50);
        }
    }

    public Task StopProcessAsync() => _process?.TerminateAsync() ?? Task.CompletedTask;

    public Task KillProcessAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        PostgresServer.TryDelete(DataDirectory);
    }
}
