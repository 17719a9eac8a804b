using System.Globalization;
using System.Text;

namespace ClaudeMem.Bench.Ingest;

/// <summary>The side-by-side run as a console table and as bench/results/ingest-side-by-side.md.</summary>
public static class SideBySideReport
{
    // Issue 11's goals, all to be met in one such run.
    private const double ThroughputRatioGoal = 2.0;
    private const double RssGoalMb = 150;
    private const double ReadyGoalSeconds = 1.0;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static string Name(Contender side) => side == Contender.TypeScript ? "TypeScript" : "ours";

    public static string ConsoleRow(SideCell c) => string.Create(Invariant,
        $"round {c.Round} c={c.Load.Concurrency,-3} {Name(c.Server),-10} {c.Load.PerSecond,7:0} req/s p50 {c.Load.P50Ms,7:0.00} p99 {c.Load.P99Ms,7:0.00} ms err {c.Load.Failed}"
        + $" | CPU ms/req server {c.Cpu.Server,5:0.00} pg {c.Cpu.Postgres,5:0.00} redis {c.Cpu.Redis,5:0.00} loadgen {c.Cpu.Bench,5:0.00}");

    /// <summary>Per concurrency and round: the TypeScript cell and ours, side by side.</summary>
    private static IEnumerable<(int Concurrency, IReadOnlyList<(SideCell TypeScript, SideCell Ours)> Rounds)> Pairs(SideBySideRun run) =>
        run.Options.Concurrencies.Select(concurrency => (concurrency, (IReadOnlyList<(SideCell, SideCell)>)run.Cells
            .Where(c => c.Load.Concurrency == concurrency)
            .GroupBy(c => c.Round)
            .OrderBy(g => g.Key)
            .Select(g => (g.Single(c => c.Server == Contender.TypeScript), g.Single(c => c.Server == Contender.Ours)))
            .ToList()));

    private static string Each<T>(IEnumerable<T> values, Func<T, double> value, string format) =>
        string.Join(" / ", values.Select(v => value(v).ToString(format, Invariant)));

    public static string SummaryTable(SideBySideRun run)
    {
        var md = new StringBuilder();
        md.AppendLine("| concurrency | TypeScript req/s | p50 ms | p99 ms | ours req/s | p50 ms | p99 ms | ours / TypeScript req/s | server CPU ms/req TypeScript | ours | PostgreSQL CPU ms/req TypeScript | ours |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (concurrency, rounds) in Pairs(run))
        {
            md.AppendLine(Invariant,
                $"| {concurrency} | {Each(rounds, r => r.TypeScript.Load.PerSecond, "0")} | {Each(rounds, r => r.TypeScript.Load.P50Ms, "0.0")} | {Each(rounds, r => r.TypeScript.Load.P99Ms, "0.0")} "
                + $"| {Each(rounds, r => r.Ours.Load.PerSecond, "0")} | {Each(rounds, r => r.Ours.Load.P50Ms, "0.0")} | {Each(rounds, r => r.Ours.Load.P99Ms, "0.0")} "
                + $"| {Each(rounds, r => Ratio(r), "0.00")}x "
                + $"| {Each(rounds, r => r.TypeScript.Cpu.Server, "0.00")} | {Each(rounds, r => r.Ours.Cpu.Server, "0.00")} "
                + $"| {Each(rounds, r => r.TypeScript.Cpu.Postgres, "0.00")} | {Each(rounds, r => r.Ours.Cpu.Postgres, "0.00")} |");
        }
        return md.ToString();
    }

    public static string ServersTable(SideBySideRun run)
    {
        var md = new StringBuilder();
        md.AppendLine("| server | process start to first answered request | peak RSS | RSS at the end | 201 responses | stored events |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in new[] { run.TypeScript, run.Ours })
            md.AppendLine(Invariant, $"| {Name(s.Server)}: {s.Description} | {s.ReadyAfter.TotalSeconds:0.00} s | {s.PeakRssMb:0} MB | {s.EndRssMb:0} MB | {s.Created} | {s.Stored}{(s.Stored == s.Created ? "" : " MISMATCH")} |");
        md.AppendLine(Invariant, $"| ours / TypeScript | {run.Ours.ReadyAfter / run.TypeScript.ReadyAfter:0.00}x | {run.Ours.PeakRssMb / run.TypeScript.PeakRssMb:0.00}x | {run.Ours.EndRssMb / run.TypeScript.EndRssMb:0.00}x | | |");
        return md.ToString();
    }

    private static double Ratio((SideCell TypeScript, SideCell Ours) round) => round.Ours.Load.PerSecond / round.TypeScript.Load.PerSecond;

    public static IReadOnlyList<Target> Goals(SideBySideRun run)
    {
        var goals = new List<Target>();
        foreach (var (concurrency, rounds) in Pairs(run))
        {
            var worst = rounds.Min(Ratio);
            goals.Add(new Target($"ours >= {ThroughputRatioGoal:0}x the TypeScript server's req/s at concurrency {concurrency}, every round",
                $"{Each(rounds, Ratio, "0.00")}x", worst >= ThroughputRatioGoal));
        }
        var at8 = Pairs(run).FirstOrDefault(p => p.Concurrency == 8).Rounds;
        goals.Add(at8 is null
            ? new Target("ours p99 at concurrency 8 below the TypeScript server's p50", "not measured", null)
            : new Target("ours p99 at concurrency 8 below the TypeScript server's p50, every round",
                string.Join(" / ", at8.Select(r => string.Create(Invariant, $"{r.Ours.Load.P99Ms:0.0} vs {r.TypeScript.Load.P50Ms:0.0} ms"))),
                at8.All(r => r.Ours.Load.P99Ms < r.TypeScript.Load.P50Ms)));
        goals.Add(new Target($"ours peak RSS <= {RssGoalMb:0} MB (the goal is after 60 s at concurrency 32; this run's load is its cells)",
            string.Create(Invariant, $"{run.Ours.PeakRssMb:0} MB"), run.Ours.PeakRssMb <= RssGoalMb));
        goals.Add(new Target($"ours first request answered <= {ReadyGoalSeconds:0} s after process start",
            string.Create(Invariant, $"{run.Ours.ReadyAfter.TotalSeconds:0.00} s"), run.Ours.ReadyAfter.TotalSeconds <= ReadyGoalSeconds));
        return goals;
    }

    public static string ConsoleSummary(SideBySideRun run)
    {
        var text = new StringBuilder();
        text.AppendLine(SummaryTable(run));
        text.AppendLine(ServersTable(run));
        foreach (var g in Goals(run)) text.AppendLine($"[{Verdict(g.Met)}] {g.Name}: {g.Measured}");
        return text.ToString();
    }

    public static string GoalsTable(SideBySideRun run)
    {
        var md = new StringBuilder();
        md.AppendLine("| goal | measured | met |");
        md.AppendLine("|---|---:|---|");
        foreach (var g in Goals(run)) md.AppendLine($"| {g.Name} | {g.Measured} | {Verdict(g.Met)} |");
        return md.ToString();
    }

    /// <summary>The part of the run that bench/results/ingest.md carries: when, the summary and the goals.</summary>
    public static string Summary(SideBySideRun run, string fullReport)
    {
        var md = new StringBuilder();
        md.AppendLine("## Side by side with the TypeScript server (durable PostgreSQL)");
        md.AppendLine();
        md.AppendLine($"Latest `bench/ingest/run.sh --side-by-side`: {run.Before.At:yyyy-MM-dd HH:mm} UTC, commit {run.Before.Commit}, load average {run.Before.LoadAverage} at start and {run.After.LoadAverage} at the end. Every cell, CPU per request and the method: [{Path.GetFileName(fullReport)}]({Path.GetFileName(fullReport)}).");
        md.AppendLine();
        md.AppendLine(run.Options.Repeat > 1 ? "Values per round, `round 1 / round 2 / ...`." : "One round.");
        md.AppendLine();
        md.Append(SummaryTable(run));
        md.AppendLine();
        md.Append(GoalsTable(run));
        return md.ToString();
    }

    public static string Markdown(SideBySideRun run)
    {
        var md = new StringBuilder();
        var o = run.Options;
        md.AppendLine("# Ingest side by side: our server and the TypeScript server, POST /v1/events");
        md.AppendLine();
        md.AppendLine($"Generated by `bench/ingest/run.sh --side-by-side{(o.FsyncOff ? " --fsync-off" : "")}`; do not edit by hand.");
        md.AppendLine();
        if (run.HasErrors) md.AppendLine("**This run had errors (see below); its numbers are not a clean measurement.**").AppendLine();

        md.AppendLine("## Run");
        md.AppendLine();
        md.AppendLine($"- date: {run.Before.At:yyyy-MM-dd HH:mm} UTC (run took {(run.After.At - run.Before.At).TotalSeconds:0} s)");
        md.AppendLine($"- commit: {run.Before.Commit}");
        md.AppendLine($"- machine: nproc {run.Before.Processors}, {run.Before.CpuModel}; {run.Before.Os}; {run.Before.Runtime}; PostgreSQL {run.PostgresVersion}");
        md.AppendLine($"- **load average (1/5/15 min) at start: {run.Before.LoadAverage}, at end: {run.After.LoadAverage}.** Both servers, PostgreSQL, redis and the load generator share these cores with whatever else runs on the machine; a load average above the core count means other work competed with every cell. The ratio between neighbouring cells is steadier than either absolute number.");
        md.AppendLine($"- PostgreSQL: {(o.FsyncOff ? "**fsync=off, synchronous_commit=off, full_page_writes=off (a labelled extra: not how users run it)**" : "durable defaults (fsync, synchronous_commit and full_page_writes on), as users run it")}; one cluster, one database per server.");
        md.AppendLine(string.Create(Invariant, $"- each server first gets a one-time {o.ServerWarmup.TotalSeconds:0.#} s warm-up at concurrency 8, then an `ANALYZE` of both databases (the statistics autovacuum gives a server that has run a while); then {o.Repeat} round(s) over concurrency {string.Join(", ", o.Concurrencies)}, each cell {o.Warmup.TotalSeconds:0.#} s warm-up (not counted) + {o.Duration.TotalSeconds:0.#} s measured, alternating servers (TypeScript first in odd rounds, ours first in even rounds)."));
        md.AppendLine($"- event: `POST /v1/events`, a PostToolUse hook for an Edit with {EventBodies.PayloadBytes} bytes of payload JSON plus a unique `tool_use_id`; the same bodies for both servers.");
        md.AppendLine();

        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine(o.Repeat > 1 ? "Values per round, `round 1 / round 2 / ...`." : "One round.");
        md.AppendLine();
        md.Append(SummaryTable(run));
        md.AppendLine();
        md.Append(ServersTable(run));
        md.AppendLine();
        md.AppendLine("### Goals of issue 11 in this run");
        md.AppendLine();
        md.Append(GoalsTable(run));
        md.AppendLine();

        md.AppendLine("### Every cell, in the order run");
        md.AppendLine();
        md.AppendLine("| round | concurrency | server | req/s | p50 ms | p99 ms | requests | errors | server CPU ms/req | PostgreSQL CPU ms/req | redis CPU ms/req | load generator CPU ms/req |");
        md.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in run.Cells)
            md.AppendLine(Invariant, $"| {c.Round} | {c.Load.Concurrency} | {Name(c.Server)} | {c.Load.PerSecond:0} | {c.Load.P50Ms:0.00} | {c.Load.P99Ms:0.00} | {c.Load.Succeeded} | {c.Load.Failed} | {c.Cpu.Server:0.00} | {c.Cpu.Postgres:0.00} | {c.Cpu.Redis:0.00} | {c.Cpu.Bench:0.00} |");
        md.AppendLine();

        var failures = run.Cells.SelectMany(c => c.Load.FailureSamples.Select(f => $"{Name(c.Server)}, round {c.Round}, concurrency {c.Load.Concurrency}: {f}")).ToList();
        if (failures.Count > 0)
        {
            md.AppendLine("### Error samples");
            md.AppendLine();
            foreach (var f in failures) md.AppendLine($"- `{f.ReplaceLineEndings(" ")}`");
            md.AppendLine();
        }

        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine($"""
            - **TypeScript server**: npm `claude-mem` (the version above; pinned in `tools/claude-mem-ts`, installed on demand by `run.sh`), its bundled `plugin/scripts/server-service.cjs start` run by bun from npm `@oven/bun-linux-x64` (pinned in `tools/bun`), with `zod` beside it. Environment: `CLAUDE_MEM_RUNTIME=server`, `CLAUDE_MEM_SERVER_DATABASE_URL` (its own database), `CLAUDE_MEM_QUEUE_ENGINE=bullmq`, `CLAUDE_MEM_REDIS_URL` (the shared redis-server), `CLAUDE_MEM_QUEUE_REDIS_PREFIX=cm-ts`, `CLAUDE_MEM_AUTH_MODE=api-key`, `CLAUDE_MEM_GENERATION_DISABLED=1` (HTTP only: it stores each event, writes its generation job row and enqueues the job to redis; no worker consumes it). Its key comes from `server-service.cjs server api-key create --scope memories:read,memories:write`, which binds it to a project it creates; the bodies name that project. It ignores `sourceEventId` and deduplicates on content, so every body carries a unique `tool_use_id` in its payload. Stored events: `select count(*) from agent_events`.
            - **Our server**: the `claude-mem` executable as the image users run has it: `bench/ingest/run.sh` publishes it ReadyToRun in Release (`dotnet publish -p:PublishReadyToRun=true`, as ops/Dockerfile does) and passes it with `--server` (without that option, the Release build beside the bench), `claude-mem server start` configured as in the ingest bench (`CLAUDE_MEM_RUNTIME=server-beta`, bullmq queue on the shared redis-server, API-key auth) plus `CLAUDE_MEM_GENERATION_DISABLED=true` and `CLAUDE_MEM_QUEUE_PREFIX=cm-dotnet`: HTTP only, it stores the event and enqueues its generation job through its outbox; no worker consumes it. Key from `claude-mem server api-key create --scope '*' --json`. Stored events: `mt_doc_agenteventview` rows.
            - **Load generator**: this process, closed loop: N async workers each sending one request at a time over its own keep-alive connection, a new client per phase; exact nearest-rank p50/p99 of all successful requests of the measured phase; req/s = successful requests / wall time of the phase. Only `201 Created` counts as success.
            - **CPU ms per request**: user+system CPU over the measured phase from /proc, divided by the requests sent in it: the server process; PostgreSQL (postmaster and all its backends, so the idle server's background queries, if any, count too); redis-server; the load generator.
            - **Peak RSS**: VmHWM of each server process at the end of the run (the largest resident set over its whole life, warm-up and all cells), beside VmRSS at the end.
            - **Start**: from starting the server process to the first 200 from `GET /api/readiness`, polled every 20 ms, with PostgreSQL and redis already up and the database empty (both create their schema at start).
            """);
        return md.ToString();
    }

    private static string Verdict(bool? met) => met switch { true => "met", false => "NOT met", null => "not measured" };
}
