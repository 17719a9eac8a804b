using System.Text.Json;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Generation.Jobs;
using ClaudeMem.Http.Jobs;

namespace ClaudeMem.Http.Cli;

/// <summary>`server jobs list|inspect|retry|cancel`: the operator's view of generation jobs, straight from the database.</summary>
public static class JobCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args) => args switch
    {
        ["list", .. var rest] => await ListAsync(rest),
        ["inspect", var id] => await InspectAsync(id),
        ["retry", var id] => await TransitionAsync(id, JobTransitions.Retry,
            "requeued; a running server dispatches it within seconds (or as it starts)"),
        ["cancel", var id] => await TransitionAsync(id, JobTransitions.Cancel, "cancelled"),
        _ => throw new CliException("usage: claude-mem server jobs list [--status S] [--kind K] [--team T] [--project P] [--limit N] [--json] | inspect <id> | retry <id> | cancel <id>", CommandLine.UsageExit),
    };

    private static async Task<int> ListAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, ["--status", "--kind", "--team", "--project", "--limit"], ["--json"]);
        var status = CommandLine.Option(args, "--status");
        var kind = CommandLine.Option(args, "--kind");
        if (status is not null && !JobStatuses.All.Contains(status))
            throw new CliException($"--status must be one of {string.Join(", ", JobStatuses.All)}", CommandLine.UsageExit);
        if (kind is not null && !JobKinds.All.Contains(kind))
            throw new CliException($"--kind must be one of {string.Join(", ", JobKinds.All)}", CommandLine.UsageExit);
        var limitText = CommandLine.Option(args, "--limit") ?? "50";
        if (!int.TryParse(limitText, out var limit) || limit is < 1 or > 10_000)
            throw new CliException("--limit must be 1..10000", CommandLine.UsageExit);

        await using var store = await CliStore.OpenAsync();
        await using var query = store.QuerySession();
        var jobs = query.Query<GenerationJobView>().AsQueryable();
        if (status is not null) jobs = jobs.Where(j => j.Status == status);
        if (kind is not null) jobs = jobs.Where(j => j.Kind == kind);
        if (CommandLine.Option(args, "--team") is { } team) jobs = jobs.Where(j => j.TeamId == team);
        if (CommandLine.Option(args, "--project") is { } project) jobs = jobs.Where(j => j.ProjectId == project);
        var page = await jobs.OrderByDescending(j => j.CreatedAtEpoch).Take(limit).ToListAsync();

        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(page.Select(j => JobDescriptor.From(j)), Json));
            return 0;
        }
        Console.WriteLine($"{"ID",-37} {"STATUS",-10} {"ATTEMPTS",-8} {"TEAM/PROJECT",-28} {"UPDATED",-20} LAST ERROR");
        foreach (var j in page)
            Console.WriteLine($"{j.JobId,-37} {j.Status,-10} {$"{j.Attempts}/{j.MaxAttempts}",-8} {$"{j.TeamId}/{j.ProjectId}",-28} {Time(j.UpdatedAtEpoch),-20} {j.LastError}");
        return 0;
    }

    /// <summary>The job, its source payload and every lifecycle event, for an operator chasing a failure.</summary>
    private static async Task<int> InspectAsync(string id)
    {
        await using var store = await CliStore.OpenAsync();
        await using var query = store.QuerySession();
        var job = JobIds.LooksValid(id) ? await query.LoadAsync<GenerationJobView>(JobIds.StreamOf(id)) : null;
        if (job is null) throw new CliException($"no job with id '{id}'");
        var payload = job.SourceType == JobSourceTypes.Event ? (await query.LoadAsync<AgentEventView>(job.SourceId))?.Payload : null;
        var history = await query.Events.FetchStreamAsync(job.Id);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            job = JobDescriptor.From(job, payload),
            history = history.Select(e => new { type = e.EventTypeName, atEpoch = e.Timestamp.ToUnixTimeMilliseconds(), data = e.Data }),
        }, Json));
        return 0;
    }

    private static async Task<int> TransitionAsync(string id, Func<GenerationJobView, long, JobDecision> decide, string done)
    {
        await using var store = await CliStore.OpenAsync();
        if (!JobIds.LooksValid(id)) throw new CliException($"no job with id '{id}'");
        JobDecision? decision = null;
        var job = await JobStreams.DecideAsync(store, id, j => (decision = decide(j, CommandLine.Clock.GetUtcNow().ToUnixTimeMilliseconds())).Event,
            CancellationToken.None) ?? throw new CliException($"no job with id '{id}'");
        if (decision is { Event: null, Refusal: { } reason }) throw new CliException(reason);
        Console.WriteLine($"{id}: {(decision?.Event is not null ? done : job.Status)}");
        return 0;
    }

    private static string Time(long epoch) => DateTimeOffset.FromUnixTimeMilliseconds(epoch).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss");
}
