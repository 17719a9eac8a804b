using System.Globalization;

namespace ClaudeMem.Bench.Search;

/// <summary>Command-line options; the defaults are the documented run (the 1.1M-record load takes most of it).</summary>
public sealed record SearchBenchOptions(
    int Records, int SmallProjects, int SmallProjectRecords, IReadOnlyList<int> Concurrencies, TimeSpan Warmup, TimeSpan Duration,
    IReadOnlyList<string> Paths, bool NoFsync, string Output, string? Database = null, IReadOnlyList<string>? Mixes = null, string? Server = null)
{
    public static readonly SearchBenchOptions Default =
        new(1_000_000, 50, 2_000, [1, 8], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), ["gin"], false, "bench/results/search.md");

    private static readonly string Usage =
        $"use --records {Default.Records} --small-projects 50 --small-records 2000 --concurrency 1,8 --warmup 3 --duration 10 --paths gin[,rum] [--no-fsync] [--database URL] [--mixes phrase,fallback] [--server PATH] --output {Default.Output}";

    public static SearchBenchOptions Parse(string[] args)
    {
        var options = Default;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--no-fsync") { options = options with { NoFsync = true }; continue; }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value; {Usage}");
            options = args[i] switch
            {
                "--records" => options with { Records = int.Parse(value, CultureInfo.InvariantCulture) },
                "--small-projects" => options with { SmallProjects = int.Parse(value, CultureInfo.InvariantCulture) },
                "--small-records" => options with { SmallProjectRecords = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrencies = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--warmup" => options with { Warmup = Seconds(value) },
                "--duration" => options with { Duration = Seconds(value) },
                "--paths" => options with { Paths = value.Split(',').Select(p => p is "rum" or "gin" ? p : throw new ArgumentException($"unknown path {p}; {Usage}")).ToArray() },
                "--output" => options with { Output = value },
                // Only these mixes (names as in the report, e.g. "phrase,two words"): a quick look at one query kind.
                "--mixes" => options with { Mixes = value.Split(',').Select(m => m.Trim()).ToArray() },
                // An existing database keeps the loaded table between runs: the load is skipped when the rows are there.
                "--database" => options with { Database = value },
                // Another server executable than the Release build beside the bench (run.sh passes the ReadyToRun publish).
                "--server" => options with { Server = File.Exists(value) ? Path.GetFullPath(value) : throw new ArgumentException($"--server: no executable at {value}") },
                _ => throw new ArgumentException($"unknown option {args[i]}; {Usage}"),
            };
            i++;
        }
        return options;
    }

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
