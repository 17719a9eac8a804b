using System.Diagnostics;
using System.Globalization;
using System.Text;
using ClaudeMem.Bench.Ingest;
using ClaudeMem.Bench.Search;
using ClaudeMem.Testing;
using Npgsql;

// Search benchmark: 1,000,000 observations in one project plus 100,000 over 50 projects in the
// server's own search table, queried over HTTP on the real server process with durable PostgreSQL.
var options = SearchBenchOptions.Parse(args);
if (options.Server is { } serverExecutable) ServerUnderTest.Executable = serverExecutable;
var repoRoot = Machine.RepositoryRoot();
var machine = Machine.Describe(repoRoot);
void Log(string line) => Console.WriteLine(line);
Log($"search bench: {options.Records:N0} records in '{Mixes.Project}' + {options.SmallProjects} x {options.SmallProjectRecords:N0}; concurrency {string.Join(", ", options.Concurrencies)}; {options.Duration.TotalSeconds:0} s per cell; paths {string.Join(", ", options.Paths)}");
Log($"machine: nproc {machine.Processors}, load average {machine.LoadAverage}");

await using var redis = await RedisServer.StartAsync();
await using var postgres = options.Database is null ? await PostgresServer.StartAsync(durable: !options.NoFsync) : null;
var database = options.Database ?? await postgres!.CreateDatabaseAsync("bench_search");

var corpus = new Corpus(seed: 7);
var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
var year = 365L * 24 * 3_600_000;
var records = corpus.Generate(Mixes.Project, options.Records, 1, now - year, now)
    .Concat(Enumerable.Range(0, options.SmallProjects).SelectMany(p =>
        corpus.Generate($"p{p:D2}", options.SmallProjectRecords, 100 + p, now - year, now)));

var cells = new List<(string Path, string Mix, Measurement Result, CpuUsage? Cpu)>();
var facts = new List<string>();
ServerUnderTest? server = null;
try
{
    // The server creates its schema (with the RUM index when the extension is there), then we fill the table.
    Environment.SetEnvironmentVariable("CLAUDE_MEM_SEARCH_RUM", options.Paths[0] == "rum" ? "true" : "false");
    server = await ServerUnderTest.StartAsync(database, redis.Url);
    var watch = Stopwatch.StartNew();
    var expected = options.Records + (long)options.SmallProjects * options.SmallProjectRecords;
    // Observations only: the ingest cells below add prompts to the table, and a rerun must still reuse the load.
    if (await Loader.ScalarAsync(database, "select count(*) from claude_mem.search_records where kind = 'observation'") != expected)
    {
        Log("loading ...");
        await Loader.LoadAsync(database, ClaudeMem.Http.Auth.Caller.DefaultTeam, records, withRum: options.Paths[0] == "rum", Log);
        facts.Add($"load: {expected:N0} rows, {watch.Elapsed.TotalMinutes:0.0} min (COPY, projection SQL, index builds, vacuum analyze)");
    }
    else facts.Add($"load: {expected:N0} rows already in the given database");
    facts.Add($"server under test: {Path.GetRelativePath(repoRoot, ServerUnderTest.Executable)}");
    // Every run measures the same table: the prompts an earlier run's ingest cells added go, and so do their dead rows,
    // as autovacuum would take them in time. Left in place, a day of reruns on a kept database had left 228,000 dead rows
    // (20% of the table) that every index and heap read stepped over: the fallback mix took 20-23 ms of PostgreSQL CPU
    // a query instead of 13-16 (durable PostgreSQL 15, default settings, 2 cores).
    var removed = await Loader.ScalarAsync(database, $"with gone as (delete from claude_mem.search_records where project_id = '{SearchClient.IngestProject}' returning 1) select count(*) from gone");
    if (removed > 0)
    {
        await Loader.ScalarAsync(database, "vacuum analyze claude_mem.search_records");
        facts.Add($"an earlier run's {removed:N0} ingest prompts deleted and the table vacuumed");
    }
    facts.Add($"sizes: table {await SizeAsync(database, "claude_mem.search_records")}; " + string.Join("; ",
        await IndexSizesAsync(database)));

    var broadWords = await BroadWordsAsync(database, corpus, Log);
    var allMixes = Mixes.Build(corpus, broadWords);
    if (options.Mixes?.FirstOrDefault(m => allMixes.All(x => x.Name != m)) is { } unknown)
        throw new ArgumentException($"unknown mix '{unknown}'; the mixes are {string.Join(", ", allMixes.Select(m => m.Name))}");
    var mixes = options.Mixes is null ? allMixes : allMixes.Where(m => options.Mixes.Contains(m.Name)).ToList();
    foreach (var path in options.Paths)
    {
        if (path == "gin" && options.Paths[0] != "gin")
        {
            // The same data without the RUM index: the path of a PostgreSQL without the extension.
            await server.DisposeAsync();
            Environment.SetEnvironmentVariable("CLAUDE_MEM_SEARCH_RUM", "false");
            server = await ServerUnderTest.StartAsync(database, redis.Url);
        }
        using var client = new SearchClient(server.BaseAddress, server.ApiKey, 8);
        var postmaster = await CpuMeter.PostmasterPidAsync(database);
        foreach (var mix in mixes)
        {
            var probe = await client.ProbeAsync(mix.Bodies[0]);
            Log($"[{path}] {mix.Name}: first query found {probe.Results} ({probe.MatchMode})");
        }
        await LoadRun.ForDurationAsync(2, options.Warmup, client.Searching(mixes[0]));
        foreach (var concurrency in options.Concurrencies)
            foreach (var mix in mixes)
            {
                await LoadRun.ForDurationAsync(concurrency, TimeSpan.FromSeconds(1), client.Searching(mix));
                var before = postmaster is { } pm ? CpuSnapshot.Take(server.Pid, pm) : null;
                var result = await LoadRun.ForDurationAsync(concurrency, options.Duration, client.Searching(mix));
                var cpu = before?.Since(result.Attempted);
                cells.Add((path, mix.Name, result, cpu));
                Log($"[{path}] {mix.Name,-10} c={concurrency,-2} {result.PerSecond,7:0} q/s  p50 {result.P50Ms,6:0.0} ms  p99 {result.P99Ms,6:0.0} ms  "
                    + (cpu is null ? "" : $"CPU/query server {cpu.ServerMsPerOp:0.00} ms + PostgreSQL {cpu.PostgresMsPerOp:0.00} ms  ")
                    + $"failed {result.Failed}{(result.FailureSamples.Count > 0 ? " " + result.FailureSamples[0] : "")}");
            }
    }

    using (var relevance = new SearchClient(server.BaseAddress, server.ApiKey, 1))
    {
        var (ndcg, queries) = await RelevanceRun.MeasureAsync(relevance.Http, repoRoot);
        facts.Add($"relevance: mean nDCG@10 {ndcg:F3} over {queries} judged queries of the hand-built corpus ({RelevanceRun.CorpusPath}), loaded beside the bench data");
        Log(facts[^1]);
    }

    // What the projection costs an event: prompts are indexed in the same transaction, tool calls are not.
    using (var ingest = new SearchClient(server.BaseAddress, server.ApiKey, 8))
    {
        foreach (var concurrency in options.Concurrencies)
            foreach (var eventType in new[] { "PostToolUse", "UserPromptSubmit" })
            {
                await LoadRun.ForDurationAsync(concurrency, TimeSpan.FromSeconds(2), ingest.Recording(eventType));
                var result = await LoadRun.ForDurationAsync(concurrency, options.Duration, ingest.Recording(eventType));
                cells.Add(("ingest", eventType, result, null));
                Log($"[ingest] {eventType,-17} c={concurrency,-2} {result.PerSecond,7:0} req/s  p50 {result.P50Ms,6:0.0} ms  p99 {result.P99Ms,6:0.0} ms  failed {result.Failed}");
            }
    }

    var report = SearchReport.Markdown(options, machine, await Machine.PostgresVersionAsync(database), facts, mixes, cells);
    Console.WriteLine();
    Console.WriteLine(report);
    var output = Path.Combine(repoRoot, options.Output);
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, report);
    Log($"wrote {options.Output}");
    return cells.Any(c => c.Result.Failed > 0) ? 1 : 0;
}
finally
{
    if (server is not null) await server.DisposeAsync();
}

static async Task<string> SizeAsync(string database, string relation) =>
    FormatBytes(await Loader.ScalarAsync(database, $"select pg_total_relation_size('{relation}')"));

static async Task<IReadOnlyList<string>> IndexSizesAsync(string database)
{
    var sizes = new List<string>();
    await using var connection = new NpgsqlConnection(database);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        "select indexrelname, pg_relation_size(indexrelid) from pg_stat_user_indexes where relname = 'search_records' order by 1", connection);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) sizes.Add($"{reader.GetString(0)} {FormatBytes(reader.GetInt64(1))}");
    return sizes;
}

static string FormatBytes(long bytes) => bytes >= 1 << 30 ? $"{bytes / (double)(1 << 30):0.0} GiB" : $"{bytes / (double)(1 << 20):0} MiB";

// Words of the Zipf head that occur in 20-40% of the big project's records, counted, not assumed.
static async Task<IReadOnlyList<string>> BroadWordsAsync(string database, Corpus corpus, Action<string> log)
{
    var total = await Loader.ScalarAsync(database, $"select count(*) from claude_mem.search_records where project_id = '{Mixes.Project}'");
    var chosen = new List<string>();
    for (var rank = 5; rank < 80 && chosen.Count < 8; rank++)
    {
        var word = corpus.WordAt(rank);
        var matches = await Loader.ScalarAsync(database,
            $"select count(*) from claude_mem.search_records where project_id = '{Mixes.Project}' and tsv @@ plainto_tsquery('english', '{word}')");
        var share = matches / (double)total;
        if (share is >= 0.20 and <= 0.40) chosen.Add(word);
        if (share is >= 0.20 and <= 0.40) log($"  broad word '{word}': {share:P0} of records");
    }
    if (chosen.Count < 2) throw new InvalidOperationException("no words in 20-40% of records: the corpus shape changed");
    return chosen;
}
