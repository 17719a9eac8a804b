using System.Globalization;

namespace ClaudeMem.Bench.Ingest;

/// <summary>Command-line options; the defaults are the documented run (about 1.5 minutes plus the build).</summary>
public sealed record BenchOptions(IReadOnlyList<int> Concurrencies, TimeSpan ServerWarmup, TimeSpan Warmup, TimeSpan Duration, string Output)
{
    public static readonly BenchOptions Default = new([1, 8, 32], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), "bench/results/ingest.md");

    public static BenchOptions Parse(string[] args)
    {
        var options = Default;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--concurrency" => options with { Concurrencies = value.Split(',').Select(int.Parse).ToArray() },
                "--server-warmup" => options with { ServerWarmup = Seconds(value) },
                "--warmup" => options with { Warmup = Seconds(value) },
                "--duration" => options with { Duration = Seconds(value) },
                "--output" => options with { Output = value },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --concurrency 1,8,32 --server-warmup 15 --warmup 2 --duration 8 --output {Default.Output}"),
            };
            i++;
        }
        return options;
    }

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
