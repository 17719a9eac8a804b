using ClaudeMem.Testing;

namespace ClaudeMem.Client.Tests;

/// <summary>A temporary HOME and project folder for one test, and the recorded hook payloads filled in for it.</summary>
public sealed class HookHome : IDisposable
{
    public string Home { get; } = ServerProcess.TempDirectory("hook-home");
    public string Project { get; } = "proj-" + Guid.NewGuid().ToString("N")[..8];
    public string Cwd { get; }
    public string Session { get; } = Guid.NewGuid().ToString();
    public string Transcript { get; }
    public string SpoolDirectory => Path.Combine(Home, ".claude-mem", "spool");

    public HookHome()
    {
        Cwd = Path.Combine(Home, "code", Project);
        Directory.CreateDirectory(Cwd);
        Transcript = Path.Combine(Home, "transcript.jsonl");
        File.WriteAllText(Transcript, Fill(File.ReadAllText(PayloadPath("transcript.jsonl"))));
    }

    public static string PayloadPath(string name) => Path.Combine(AppContext.BaseDirectory, "Payloads", name);

    public string Payload(string name, string? toolUseId = null) =>
        Fill(File.ReadAllText(PayloadPath(name + ".json"))).Replace("$TOOL_USE_ID", toolUseId ?? "toolu_" + Guid.NewGuid().ToString("N"));

    private string Fill(string text) => text.Replace("$SESSION", Session).Replace("$TRANSCRIPT", Transcript).Replace("$CWD", Cwd);

    public Dictionary<string, string?> Environment(string url, string key) => new()
    {
        ["HOME"] = Home,
        ["CLAUDE_MEM_SERVER_URL"] = url,
        ["CLAUDE_MEM_API_KEY"] = key,
        // Tests that expect delivery must not turn into spool tests on a loaded machine; the budget tests set their own.
        ["CLAUDE_MEM_HOOK_BUDGET_MS"] = "20000",
    };

    public Task<Processes.Outcome> RunHookAsync(string hookEvent, string stdin, string url, string key, Dictionary<string, string?>? extra = null)
    {
        var env = Environment(url, key);
        foreach (var (k, v) in extra ?? []) env[k] = v;
        return Processes.RunAsync(Processes.HookDll, [hookEvent], env, stdin, Cwd);
    }

    public string[] SpoolFiles() =>
        Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory, "*.json").Order(StringComparer.Ordinal).ToArray() : [];

    public void Dispose()
    {
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}
