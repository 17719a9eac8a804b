using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ClaudeMem.Testing;

/// <summary>
/// A real server binary started for tests: loopback only, a free port, a temporary data
/// directory, stopped by PID. Output is kept so a failed start can say why.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    /// <param name="leftover">A directory of the server's that goes with it if the test host dies first.</param>
    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string? runAsUser = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? leftover = null)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null && IsRoot)
        {
            // setpriv execs in place, so the PID we hold is the server's own.
            info.FileName = "setpriv";
            foreach (var a in new[] { $"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", fileName })
                info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = fileName;
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (name, value) in environment) info.Environment[name] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        StartReaper(process.Id, leftover);
        return server;
    }

    /// <summary>
    /// A watchdog beside each server: when the test host dies (a crash, a hang killed by
    /// --blame-hang-timeout, a cancelled CI job) nobody would stop the server by PID, so the
    /// watchdog SIGKILLs it and removes its directory. It exits by itself once the server is gone.
    /// (PR_SET_PDEATHSIG fires when the *thread* that forked exits, and .NET forks on pool threads.)
    /// </summary>
    private static void StartReaper(int serverPid, string? leftover)
    {
        const string script = """
            exec >/dev/null 2>&1
            while kill -0 "$1"; do kill -0 "$2" || exit 0; sleep 2; done
            kill -9 "$2"
            if [ -n "$3" ]; then sleep 1; rm -rf "$3"; fi
            """;
        var info = new ProcessStartInfo("sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", script, "reaper", Environment.ProcessId.ToString(), serverPid.ToString(), leftover ?? "" })
            info.ArgumentList.Add(a);
        using var reaper = Process.Start(info);
    }

    public static bool IsRoot => Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string TempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Waits for a short-lived command and fails with its output if it did not succeed.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        if (_process.ExitCode != 0)
            throw new InvalidOperationException($"{_process.StartInfo.FileName} exited {_process.ExitCode}:\n{Output}");
    }

    /// <summary>Stops gracefully (SIGINT for a fast shutdown), then SIGKILL if it lingers.</summary>
    public Task StopAsync(TimeSpan? grace = null) => SignalAndWaitAsync(SigInt, grace ?? TimeSpan.FromSeconds(10));

    public Task TerminateAsync(TimeSpan? grace = null) => SignalAndWaitAsync(SigTerm, grace ?? TimeSpan.FromSeconds(10));

    /// <summary>Crash it: no chance to flush or clean up.</summary>
    public Task KillAsync() => SignalAndWaitAsync(SigKill, TimeSpan.FromSeconds(10));

    private async Task SignalAndWaitAsync(int signal, TimeSpan grace)
    {
        if (_process.HasExited) return;
        _ = kill(_process.Id, signal);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _ = kill(_process.Id, SigKill);
            await _process.WaitForExitAsync();
        }
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Count > 500) _output.RemoveAt(0);
            _output.Add(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
