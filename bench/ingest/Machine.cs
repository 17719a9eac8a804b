using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;

namespace ClaudeMem.Bench.Ingest;

public sealed record MachineFacts(DateTimeOffset At, int Processors, string CpuModel, string LoadAverage, string Commit, string Os, string Runtime);

/// <summary>Facts the report needs to be read correctly later: what ran, where, how busy the machine was.</summary>
public static class Machine
{
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ClaudeMem.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository (ClaudeMem.sln not found)");
    }

    public static MachineFacts Describe(string repoRoot) => new(
        DateTimeOffset.UtcNow,
        Environment.ProcessorCount,
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown",
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)),
        Commit(repoRoot),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    public static async Task<string> PostgresVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("show server_version", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>HEAD, marked "+ uncommitted changes" when the work tree differs from it.</summary>
    private static string Commit(string repoRoot)
    {
        var head = Git(repoRoot, "rev-parse --short=12 HEAD") ?? "unknown";
        var branch = Git(repoRoot, "rev-parse --abbrev-ref HEAD");
        var dirty = Git(repoRoot, "status --porcelain --untracked-files=no") is { Length: > 0 };
        return $"{head}{(branch is null ? "" : $" ({branch})")}{(dirty ? " + uncommitted changes" : "")}";
    }

    private static string? Git(string repoRoot, string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{repoRoot}\" {arguments}")
                { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
