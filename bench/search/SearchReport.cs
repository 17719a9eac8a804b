using System.Text;
using ClaudeMem.Bench.Ingest;

namespace ClaudeMem.Bench.Search;

public static class SearchReport
{
    public const double GoalP99Ms = 15;

    public static string Markdown(SearchBenchOptions options, MachineFacts machine, string postgresVersion, IReadOnlyList<string> facts,
        IReadOnlyList<Mix> mixes, IReadOnlyList<(string Path, string Mix, Measurement Result, CpuUsage? Cpu)> cells)
    {
        var text = new StringBuilder();
        text.AppendLine("# Search benchmark");
        text.AppendLine();
        text.AppendLine($"`bench/search/run.sh` at {machine.At:yyyy-MM-dd HH:mm} UTC, commit {machine.Commit}; {machine.Processors} cores ({machine.CpuModel}), load average {machine.LoadAverage} at start; {postgresVersion}, {(options.NoFsync ? "fsync off (labelled extra)" : "durable settings (fsync and synchronous commit on)")}.");
        text.AppendLine($"Data: {options.Records:N0} observations in project `{Mixes.Project}` plus {options.SmallProjects} projects of {options.SmallProjectRecords:N0}; ~60 words each from a Zipf vocabulary, identifiers, file paths. Queries go over HTTP to the real server process (API-key auth included), {Mixes.Limit} results per page, {options.Duration.TotalSeconds:0} s per cell, closed loop.");
        text.AppendLine();
        foreach (var fact in facts) text.AppendLine($"- {fact}");
        text.AppendLine();
        text.AppendLine("| mix | what |");
        text.AppendLine("|---|---|");
        foreach (var mix in mixes) text.AppendLine($"| {mix.Name} | {mix.Description} |");
        text.AppendLine();
        text.AppendLine("CPU ms per query: the server process's and the PostgreSQL cluster's (user + system, from /proc), over the cell; "
            + "it depends far less on other load than latency does.");
        text.AppendLine();
        text.AppendLine($"| path | mix | concurrency | queries/s | p50 ms | p99 ms | p99 <= {GoalP99Ms} ms | CPU ms/query server + PostgreSQL | failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (path, mix, r, cpu) in cells.Where(c => c.Path != "ingest"))
            text.AppendLine($"| {path} | {mix} | {r.Concurrency} | {r.PerSecond:0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {(r.P99Ms <= GoalP99Ms ? "yes" : "**no**")} | "
                + (cpu is null ? "n/a" : $"{cpu.ServerMsPerOp:0.00} + {cpu.PostgresMsPerOp:0.00} = {cpu.ServerMsPerOp + cpu.PostgresMsPerOp:0.00}") + $" | {r.Failed} |");
        text.AppendLine();
        text.AppendLine("Cost of the search projection on `POST /v1/events?generate=false` (a prompt is indexed in the same transaction; a tool call is not), on the loaded table:");
        text.AppendLine();
        text.AppendLine("| event | concurrency | req/s | p50 ms | p99 ms | failed |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var (_, mix, r, _) in cells.Where(c => c.Path == "ingest"))
            text.AppendLine($"| {mix} | {r.Concurrency} | {r.PerSecond:0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.Failed} |");
        return text.ToString();
    }
}
