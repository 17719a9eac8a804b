using System.Diagnostics;

namespace ClaudeMem.Client.Tests;

/// <summary>Runs a real executable with a controlled environment and stdin; times it from start to exit.</summary>
public static class Processes
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static string ClaudeMemDll => Path.Combine(AppContext.BaseDirectory, "claude-mem.dll");
    public static string HookDll => Path.Combine(AppContext.BaseDirectory, "claude-mem-hook.dll");

    public static async Task<Outcome> RunAsync(string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env,
        string? stdin = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("CLAUDE_MEM_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        foreach (var (name, value) in env) info.Environment[name] = value;

        var started = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{dll} {string.Join(' ', args)} did not exit"); }
        var elapsed = started.Elapsed;
        return new Outcome(process.ExitCode, await stdout, await stderr, elapsed);
    }
}
