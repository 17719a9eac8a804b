using System.Globalization;

namespace ClaudeMem.Bench.Ingest;

/// <summary>Command-line options; the defaults are the documented run (about 1.5 minutes plus the build).</summary>
/// <param name="Metering">Measure what usage metering adds per request instead (<see cref="MeteringCost"/>), written to bench/results/metering.md.</param>
/// <param name="SideBySide">Our server against the TypeScript one instead (<see cref="SideBySide"/>), written to bench/results/ingest-side-by-side.md.</param>
/// <param name="FsyncOff">Side by side only: PostgreSQL with fsync, synchronous_commit and full_page_writes off (durable by default).</param>
/// <param name="Repeat">Side by side only: how many times the whole alternating sequence of cells runs.</param>
/// <param name="Server">The claude-mem executable to run; by default the Release build beside the bench.</param>
public sealed record BenchOptions(IReadOnlyList<int> Concurrencies, TimeSpan ServerWarmup, TimeSpan Warmup, TimeSpan Duration, string Output,
    bool Metering = false, bool SideBySide = false, bool FsyncOff = false, int Repeat = 2, string? Server = null)
{
    public const string MeteringOutput = "bench/results/metering.md";
    public const string SideBySideOutput = "bench/results/ingest-side-by-side.md";

    public static readonly BenchOptions Default = new([1, 8, 32], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), IngestResults.File);

    public static BenchOptions Parse(string[] args)
    {
        var options = Default;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--metering")
            {
                options = options with { Metering = true, Output = options.Output == Default.Output ? MeteringOutput : options.Output };
                continue;
            }
            if (args[i] == "--side-by-side")
            {
                options = options with { SideBySide = true, Output = options.Output == Default.Output ? SideBySideOutput : options.Output };
                continue;
            }
            if (args[i] == "--fsync-off")
            {
                options = options with { FsyncOff = true };
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--concurrency" => options with { Concurrencies = value.Split(',').Select(int.Parse).ToArray() },
                "--server-warmup" => options with { ServerWarmup = Seconds(value) },
                "--warmup" => options with { Warmup = Seconds(value) },
                "--duration" => options with { Duration = Seconds(value) },
                "--output" => options with { Output = value },
                "--server" => options with { Server = File.Exists(value) ? Path.GetFullPath(value) : throw new ArgumentException($"--server: no executable at {value}") },
                "--repeat" => options with { Repeat = int.Parse(value) is var rounds and >= 1 ? rounds : throw new ArgumentException("--repeat needs 1 or more") },
                _ => throw new ArgumentException($"unknown option {args[i]}; use [--metering | --side-by-side [--fsync-off] [--repeat 2]] [--server PATH] --concurrency 1,8,32 --server-warmup 15 --warmup 2 --duration 8 --output {Default.Output}"),
            };
            i++;
        }
        return options;
    }

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
