using System.Text.Json;
using ClaudeMem.Client.Api;
using ClaudeMem.Client.Spooling;

namespace ClaudeMem.Client.Hooks;

/// <summary>
/// One run of `claude-mem-hook &lt;event&gt;`. It never fails the agent: every path exits 0, within
/// the event's time budget; what the server did not take goes to the spool, and the spool is
/// sent back (oldest first) before anything new.
/// </summary>
public static class HookRunner
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, ClientPaths paths)
    {
        var hookEvent = args.FirstOrDefault();
        var budgetMs = int.TryParse(Environment.GetEnvironmentVariable(ClientEnvironment.HookBudgetMs), out var ms) && ms > 0 ? ms : (int?)null;
        using var budget = new CancellationTokenSource(budgetMs is { } b ? TimeSpan.FromMilliseconds(b) : HookEvents.BudgetOf(hookEvent ?? ""));
        try
        {
            await RunWithinBudgetAsync(hookEvent, stdin, stdout, stderr, paths, budget.Token);
        }
        catch (Exception e)
        {
            // Never the agent's problem: one line on stderr (shown only in Claude Code's verbose mode).
            stderr.WriteLine($"claude-mem: hook {hookEvent}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        return 0;
    }

    private static async Task RunWithinBudgetAsync(string? hookEvent, TextReader stdin, TextWriter stdout, TextWriter stderr,
        ClientPaths paths, CancellationToken ct)
    {
        var input = HookInput.Parse(await stdin.ReadToEndAsync(ct));
        hookEvent ??= input.HookEventName;
        if (hookEvent is null || !HookEvents.All.Contains(hookEvent))
        {
            stderr.WriteLine($"claude-mem: unknown hook event '{hookEvent}'; expected one of {string.Join(", ", HookEvents.All)}");
            return;
        }

        var config = ClientConfig.Load(paths);
        if (!config.IsConfigured) return; // not installed: nothing to send and nowhere to send it
        var project = ProjectIdentity.Resolve(input.Cwd, config.ProjectOverride);
        if (config.ExcludedProjects.FirstOrDefault(g => Glob.Matches(g, project.Name) || (input.Cwd is { } cwd && Glob.Matches(g, cwd))) is not null)
            return;

        var spool = new Spool(paths.SpoolDirectory, config.SpoolMaxBytes);
        using var api = new ServerApi(config.ServerUrl!, config.ApiKey!);

        if (hookEvent == HookEvents.SessionStart)
        {
            await PrintSessionStartContextAsync(api, project, stdout, ct);
            if (!spool.IsEmpty) await spool.ReplayAsync(api, stderr, ct);
            return;
        }

        var plan = HookRequests.For(hookEvent, input, project, config, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        if (plan.Requests.Count == 0) return;
        await SendAsync(plan.Requests, api, spool, stderr, ct);
    }

    /// <summary>The spool first (order matters: a session start may be in it), then the new requests; the first failure spools the rest.</summary>
    public static async Task SendAsync(IReadOnlyList<OutgoingRequest> requests, ServerApi api, Spool spool, TextWriter stderr, CancellationToken ct)
    {
        var serverFailed = false;
        if (!spool.IsEmpty)
        {
            var replay = await spool.ReplayAsync(api, stderr, ct);
            serverFailed = replay.Left > 0;
        }
        foreach (var request in requests)
        {
            if (!serverFailed && !ct.IsCancellationRequested)
            {
                var (delivery, response) = await api.DeliverAsync(request, ct);
                if (delivery == Delivery.Delivered) continue;
                if (delivery == Delivery.Rejected)
                {
                    stderr.WriteLine($"claude-mem: the server refused {request.Method} {request.Path}: {(int?)response?.Status} {response?.Body}");
                    continue;
                }
                serverFailed = true;
            }
            if (!spool.Add(request)) stderr.WriteLine($"claude-mem: spool full ({spool.Directory}); dropped {request.Method} {request.Path}");
        }
    }

    private static async Task PrintSessionStartContextAsync(ServerApi api, ProjectIdentity project, TextWriter stdout, CancellationToken ct)
    {
        ApiResponse response;
        try
        {
            response = await api.GetAsync(HookRequests.SessionStartContextPath(project), ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return;
        }
        if (!response.IsSuccess) return;
        using var document = JsonDocument.Parse(response.Body);
        if (!document.RootElement.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.String) return;
        stdout.Write(HookRequests.Json(w =>
        {
            w.WriteStartObject("hookSpecificOutput");
            w.WriteString("hookEventName", HookEvents.SessionStart);
            w.WriteString("additionalContext", context.GetString());
            w.WriteEndObject();
        }));
        stdout.WriteLine();
        await stdout.FlushAsync(ct);
    }
}
