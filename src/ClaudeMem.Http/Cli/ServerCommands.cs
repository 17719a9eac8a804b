using System.Diagnostics;
using ClaudeMem.Http.Configuration;
using Npgsql;

namespace ClaudeMem.Http.Cli;

/// <summary>`server start|stop|status`: the foreground server writes its pid file; --daemon starts one detached and waits for it.</summary>
public static class ServerCommands
{
    private static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public static string LogFileOf(string pidFile) => Path.ChangeExtension(pidFile, ".log");

    /// <summary>Stop and status need only the pid file and the address, whatever else the environment holds.</summary>
    private static ServerSettings UnvalidatedSettings() =>
        StartupValidation.Validate(StartupValidation.ProcessEnvironment(), ProcessRole.Server, false).Settings;

    public static async Task<int> StartAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, [], ["--daemon"]);
        var settings = CommandLine.ValidatedSettings(ProcessRole.Server);
        await RequireDatabaseAsync(settings);
        if (RunningPid(settings.PidFile) is { } running)
            throw new CliException($"already running (pid {running}, pid file {settings.PidFile}); run 'claude-mem server stop' first");
        return args.Contains("--daemon") ? await StartDaemonAsync(settings) : await RunForegroundAsync(settings);
    }

    private static async Task<int> RunForegroundAsync(ServerSettings settings)
    {
        var app = ServerApp.CreateBuilder(settings).Build();
        ServerApp.ConfigurePipeline(app);
        var pidFile = settings.PidFile;
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
        await File.WriteAllTextAsync(pidFile, Environment.ProcessId.ToString());
        try
        {
            await app.StartAsync();
            Console.WriteLine($"claude-mem server listening on http://{settings.Host}:{settings.Port} (auth {settings.AuthMode}, queue {settings.QueueEngine})");
            await app.WaitForShutdownAsync();
            return 0;
        }
        finally
        {
            if (File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile)).Trim() == Environment.ProcessId.ToString())
                File.Delete(pidFile);
        }
    }

    private static async Task<int> StartDaemonAsync(ServerSettings settings)
    {
        var (pidFile, logFile) = (settings.PidFile, LogFileOf(settings.PidFile));
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
        var (file, prefix) = SelfInvocation();
        // setsid detaches from our session and terminal; the child writes the pid file itself.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "exec setsid \"$@\" >>\"$LOG\" 2>&1 </dev/null", "sh", file }) start.ArgumentList.Add(a);
        foreach (var a in prefix) start.ArgumentList.Add(a);
        start.ArgumentList.Add("server");
        start.ArgumentList.Add("start");
        start.Environment["LOG"] = logFile;
        start.Environment[EnvVars.PidFile] = pidFile;
        using var child = Process.Start(start) ?? throw new CliException("could not start the daemon");

        var deadline = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (deadline.Elapsed < DaemonStartTimeout)
        {
            if (child.HasExited && RunningPid(pidFile) is null)
                throw new CliException($"the daemon exited during start (code {child.ExitCode}); see {logFile}");
            if (RunningPid(pidFile) is { } pid && await IsHealthyAsync(http, settings))
            {
                Console.WriteLine($"claude-mem server started (pid {pid}) on http://{settings.Host}:{settings.Port}; log {logFile}");
                return 0;
            }
            await Task.Delay(200);
        }
        throw new CliException($"the daemon did not become healthy within {DaemonStartTimeout.TotalSeconds:0} s; see {logFile}");
    }

    public static async Task<int> StopAsync()
    {
        var pidFile = UnvalidatedSettings().PidFile;
        var pid = RunningPid(pidFile) ?? throw new CliException($"not running (no live pid in {pidFile})", 3);
        using var process = Process.GetProcessById(pid);
        Posix.Terminate(pid);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { throw new CliException($"pid {pid} did not stop within {StopTimeout.TotalSeconds:0} s"); }
        if (File.Exists(pidFile)) File.Delete(pidFile);
        Console.WriteLine($"stopped (pid {pid})");
        return 0;
    }

    public static async Task<int> StatusAsync()
    {
        var settings = UnvalidatedSettings();
        var pid = RunningPid(settings.PidFile);
        if (pid is null)
        {
            Console.WriteLine("not running");
            return 3;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var healthy = await IsHealthyAsync(http, settings);
        Console.WriteLine($"running (pid {pid}) http://{settings.Host}:{settings.Port} {(healthy ? "healthy" : "not answering")}");
        return healthy ? 0 : 1;
    }

    public static Task RequireDatabaseAsync(ServerSettings settings) => RequireDatabaseAsync(settings.DatabaseConnectionString);

    /// <summary>Fail fast with one line when PostgreSQL cannot be reached, instead of a stack trace at first use.</summary>
    public static async Task RequireDatabaseAsync(string connectionString)
    {
        // Without type loading: the probe only connects, and loading the server's types costs a catalog query and
        // its parsing, which every data source opened after it does again for itself.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, Pooling = false };
        try
        {
            var probe = new NpgsqlDataSourceBuilder(builder.ConnectionString);
            probe.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
            await using var dataSource = probe.Build();
            await using var connection = await dataSource.OpenConnectionAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new CliException($"cannot reach PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}: {e.Message}", CommandLine.ConfigurationExit);
        }
    }

    private static int? RunningPid(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return null;
        return Posix.IsAlive(pid) ? pid : null;
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, ServerSettings settings)
    {
        var host = settings.Host is "0.0.0.0" or "::" ? "127.0.0.1" : settings.Host;
        try { return (await http.GetAsync($"http://{(host.Contains(':') ? $"[{host}]" : host)}:{settings.Port}/healthz")).IsSuccessStatusCode; }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }

    /// <summary>How to run this same program again: the apphost directly, or `dotnet claude-mem.dll`.</summary>
    private static (string File, string[] Prefix) SelfInvocation()
    {
        var processPath = Environment.ProcessPath ?? throw new CliException("cannot locate this executable");
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? (processPath, [typeof(ServerCommands).Assembly.Location])
            : (processPath, []);
    }
}
