using System.Net;
using ClaudeMem.Client.Api;
using ClaudeMem.Client.Hooks;
using ClaudeMem.Client.Spooling;

namespace ClaudeMem.Client.Setup;

/// <summary>`claude-mem doctor`: every check that can break memory for the user, one line per problem with its fix.</summary>
public static class Doctor
{
    public sealed record Problem(string What, string Fix)
    {
        public override string ToString() => $"problem: {What}; fix: {Fix}";
    }

    public static async Task<IReadOnlyList<Problem>> CheckAsync(ClientPaths paths, string projectDirectory, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var config = ClientConfig.Load(paths);
        const string reinstall = "run 'claude-mem install --server-url URL --api-key KEY'";

        if (!File.Exists(paths.ConfigFile) && !config.IsConfigured)
            problems.Add(new($"no server configured ({paths.ConfigFile} is missing and {ClientEnvironment.ServerUrl} is not set)", reinstall));
        else if (File.Exists(paths.ConfigFile) && !OperatingSystem.IsWindows()
                 && (File.GetUnixFileMode(paths.ConfigFile) & ~ClientPaths.PrivateFile) != 0)
            problems.Add(new($"{paths.ConfigFile} holds the API key but others can read it", $"chmod 600 {paths.ConfigFile}"));
        if (File.Exists(paths.ConfigFile) || config.IsConfigured)
        {
            if (config.ServerUrl is null) problems.Add(new("the server URL is missing or not an http(s) URL", reinstall));
            if (string.IsNullOrEmpty(config.ApiKey)) problems.Add(new("the API key is missing", reinstall));
        }
        if (config.IsConfigured) await CheckServerAsync(config, problems, ct);

        CheckRegistration(paths, projectDirectory, problems);
        CheckSpool(paths, config, problems);
        return problems;
    }

    private static async Task CheckServerAsync(ClientConfig config, List<Problem> problems, CancellationToken ct)
    {
        using var api = new ServerApi(config.ServerUrl!, config.ApiKey!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var health = await api.GetAsync("/healthz", timeout.Token);
            if (!health.IsSuccess)
            {
                problems.Add(new($"the server at {config.ServerUrl} answers /healthz with {(int)health.Status}", "check the server's logs ('claude-mem server status')"));
                return;
            }
            // An id that cannot exist: 404 means the key may read; 401/403 say why it may not.
            var read = await api.GetAsync($"/v1/sessions/{Guid.Empty}", timeout.Token);
            // An empty body is refused by validation (400) only after the write scope was granted.
            var write = await api.PostAsync(ServerApi.StartSessionPath, "{}", timeout.Token);
            // The server answers 403 both for a key it does not accept and for a missing scope; the message tells them apart.
            if (read.Status == HttpStatusCode.Unauthorized || IsRefusedKey(read) || IsRefusedKey(write))
                problems.Add(new($"the server does not accept the API key ({MessageOf(read)})",
                    "create one with 'claude-mem server api-key create --name hooks --scope memories:read,memories:write' and run 'claude-mem install' again"));
            else
            {
                var missing = new List<string>();
                if (read.Status == HttpStatusCode.Forbidden) missing.Add("memories:read");
                if (write.Status == HttpStatusCode.Forbidden) missing.Add("memories:write");
                if (missing.Count > 0)
                    problems.Add(new($"the API key lacks the scope(s) {string.Join(", ", missing)} the hooks and MCP tools need",
                        "create a key with 'claude-mem server api-key create --name hooks --scope memories:read,memories:write' and run 'claude-mem install' again"));
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            problems.Add(new($"the server at {config.ServerUrl} does not answer ({e.Message.Split('\n')[0]})",
                "start it ('claude-mem server start --daemon') or correct the URL with 'claude-mem install --server-url URL'"));
        }
    }

    private static bool IsRefusedKey(ApiResponse response) =>
        // The server words an unknown and a revoked key alike on purpose; only a missing scope names the scope.
        response.Status == HttpStatusCode.Forbidden && !MessageOf(response).Contains("lacks the scope", StringComparison.Ordinal);

    private static string MessageOf(ApiResponse response)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(response.Body);
            return document.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : response.Body;
        }
        catch (System.Text.Json.JsonException) { return response.Body; }
    }

    private static void CheckRegistration(ClientPaths paths, string projectDirectory, List<Problem> problems)
    {
        var user = InstallScope.Of(InstallScope.User, paths, projectDirectory);
        var project = InstallScope.Of(InstallScope.Project, paths, projectDirectory);
        var scopes = new[] { user, project };
        var hooks = new Dictionary<string, string>();
        foreach (var scope in scopes)
        {
            try
            {
                foreach (var (e, command) in ClaudeSettings.InstalledHooks(ClaudeSettings.Read(scope.SettingsFile))) hooks[e] = command;
            }
            catch (SetupException e) { problems.Add(new(e.Message.Split(';')[0], "fix the JSON by hand, then run 'claude-mem install'")); }
        }
        var missing = HookEvents.All.Where(e => !hooks.ContainsKey(e)).ToList();
        if (missing.Count > 0)
            problems.Add(new($"Claude Code hooks missing for {string.Join(", ", missing)} (in {user.SettingsFile} and {project.SettingsFile})", "run 'claude-mem install'"));
        foreach (var executable in hooks.Values.Select(ClaudeSettings.ExecutableOf).Distinct())
        {
            if (!File.Exists(executable))
                problems.Add(new($"the hook executable {executable} does not exist", "run 'claude-mem install' again (or pass --hook-command PATH)"));
            else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) == 0)
                problems.Add(new($"the hook executable {executable} is not executable", $"chmod +x {executable}"));
        }

        var mcpRegistered = scopes.Any(s =>
        {
            try { return ClaudeSettings.HasMcpServer(ClaudeSettings.Read(s.McpFile)); }
            catch (SetupException) { return false; }
        });
        if (!mcpRegistered)
            problems.Add(new($"the MCP server '{ClaudeSettings.McpServerName}' is not registered (in {user.McpFile} or {project.McpFile})", "run 'claude-mem install'"));
    }

    private static void CheckSpool(ClientPaths paths, ClientConfig config, List<Problem> problems)
    {
        var spool = new Spool(paths.SpoolDirectory, config.SpoolMaxBytes);
        if (spool.Count is var pending and > 0)
            problems.Add(new($"{pending} hook request(s) wait in {paths.SpoolDirectory} (the server was unreachable)", "they are sent by the next hook once the server answers; check the server"));
        if (spool.Dropped is var dropped and > 0)
            problems.Add(new($"{dropped} hook request(s) were dropped because the spool was full ({config.SpoolMaxBytes} bytes)",
                $"fix the server connection, then delete {Path.Combine(paths.SpoolDirectory, Spool.DroppedFile)} to reset the count"));
        if (spool.CorruptCount is var corrupt and > 0)
            problems.Add(new($"{corrupt} spooled request(s) were unreadable or refused, kept in {Path.Combine(paths.SpoolDirectory, Spool.CorruptDirectory)}", "inspect and delete them"));
    }
}
