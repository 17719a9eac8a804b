using System.Diagnostics;
using ClaudeMem.Generation.Providers;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Tests;

/// <summary>Runs the real claude-mem executable (as `dotnet claude-mem.dll`) with a controlled environment.</summary>
public static class CliProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    /// <summary>An environment that passes the boot rules here (this machine counts as Docker).</summary>
    public static Dictionary<string, string?> ValidEnvironment(string connectionString) => new()
    {
        [EnvVars.Docker] = "1",
        [EnvVars.Runtime] = RuntimeNames.ServerBeta,
        [EnvVars.DatabaseUrl] = connectionString,
        [EnvVars.QueueEngine] = QueueEngines.BullMq,
        [EnvVars.RedisUrl] = "redis://127.0.0.1:6379",
        [EnvVars.AuthMode] = AuthModes.ApiKey,
        [GenerationEnvironment.Provider] = ProviderNames.Offline,
        [EnvVars.GenerationDisabled] = "true",
    };

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ServerApp).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("CLAUDE_MEM_") || k.EndsWith("_API_KEY")).ToList())
            info.Environment.Remove(name);
        foreach (var (name, value) in env) info.Environment[name] = value;

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
