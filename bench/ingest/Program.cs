using ClaudeMem.Bench.Ingest;
using ClaudeMem.Testing;
using Npgsql;

// Ingest benchmark: POST /v1/events on the real server process against the raw PostgreSQL
// ceiling, cell by cell (server then raw at each concurrency, so machine noise hits both alike).
var options = BenchOptions.Parse(args);
var repoRoot = Machine.RepositoryRoot();
if (options.Server is { } serverExecutable) ServerUnderTest.Executable = serverExecutable;
Console.WriteLine($"server under test: {ServerUnderTest.Executable}");

if (options.SideBySide)
{
    var sideBySide = await SideBySide.RunAsync(options, repoRoot);
    Console.WriteLine();
    Console.WriteLine(SideBySideReport.ConsoleSummary(sideBySide));
    var sideBySideOutput = Path.Combine(repoRoot, options.Output);
    Directory.CreateDirectory(Path.GetDirectoryName(sideBySideOutput)!);
    await File.WriteAllTextAsync(sideBySideOutput, SideBySideReport.Markdown(sideBySide));
    Console.WriteLine($"wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), sideBySideOutput)}");
    if (!options.FsyncOff && options.Output == BenchOptions.SideBySideOutput)
    {
        var ingestResults = Path.Combine(repoRoot, IngestResults.File);
        await File.WriteAllTextAsync(ingestResults, IngestResults.WithSideBySide(ingestResults, SideBySideReport.Summary(sideBySide, sideBySideOutput)));
        Console.WriteLine($"updated the side-by-side part of {IngestResults.File}");
    }
    return sideBySide.HasErrors ? 1 : 0;
}

var before = Machine.Describe(repoRoot);
Console.WriteLine($"ingest bench: concurrency {string.Join(", ", options.Concurrencies)}; server warm-up {options.ServerWarmup.TotalSeconds:0.#} s, then {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per cell; payload {EventBodies.PayloadBytes} B");
Console.WriteLine($"machine: nproc {before.Processors}, load average {before.LoadAverage}; starting PostgreSQL, redis-server and claude-mem");

await using var redis = await RedisServer.StartAsync();
await using var postgres = await PostgresServer.StartAsync();
var serverDatabase = await postgres.CreateDatabaseAsync("bench_server");
var rawDatabase = await postgres.CreateDatabaseAsync("bench_raw");
await using var server = await ServerUnderTest.StartAsync(serverDatabase, redis.Url);
await using var raw = await RawCeiling.CreateAsync(rawDatabase);
var postgresPid = postgres.Pid ?? throw new InvalidOperationException("postgres has no pid");

if (options.Metering)
{
    using (var warmupClient = new IngestClient(server.BaseAddress, server.ApiKey, 8))
        await LoadRun.ForDurationAsync(8, options.ServerWarmup, warmupClient.PostEventAsync);
    // The same server with a rate limit: every request now meters with its own statement (without one it counts in memory).
    Environment.SetEnvironmentVariable("CLAUDE_MEM_RATE_LIMIT_PER_MIN", "100000000");
    await using var limited = await ServerUnderTest.StartAsync(await postgres.CreateDatabaseAsync("bench_limited"), redis.Url);
    Environment.SetEnvironmentVariable("CLAUDE_MEM_RATE_LIMIT_PER_MIN", null);
    using (var warmupClient = new IngestClient(limited.BaseAddress, limited.ApiKey, 8))
        await LoadRun.ForDurationAsync(8, options.ServerWarmup, warmupClient.PostEventAsync);
    var rows = await MeteringCost.MeasureAsync(server, limited, serverDatabase, postgresPid, options);
    var meteringOutput = Path.Combine(repoRoot, options.Output);
    Directory.CreateDirectory(Path.GetDirectoryName(meteringOutput)!);
    await File.WriteAllTextAsync(meteringOutput, MeteringCost.Markdown(rows, before, Machine.Describe(repoRoot), options));
    Console.WriteLine($"wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), meteringOutput)}");
    return rows.Any(r => r.Load.Failed > 0) ? 1 : 0;
}

// Once, before the first cell: tiered JIT compilation (and Wolverine's and Marten's generated code)
// needs more than a cell's short warm-up to settle when it shares 2 busy cores with everything else.
long createdByServer;
using (var warmupClient = new IngestClient(server.BaseAddress, server.ApiKey, 8))
    createdByServer = (await LoadRun.ForDurationAsync(8, options.ServerWarmup, warmupClient.PostEventAsync)).Succeeded;

var cells = new List<Cell>();
foreach (var concurrency in options.Concurrencies)
{
    using var client = new IngestClient(server.BaseAddress, server.ApiKey, concurrency);
    createdByServer += (await LoadRun.ForDurationAsync(concurrency, options.Warmup, client.PostEventAsync)).Succeeded;
    var serverCpu = CpuSnapshot.Take(server.Pid, postgresPid);
    var viaServer = await LoadRun.ForDurationAsync(concurrency, options.Duration, client.PostEventAsync);
    var serverUsage = serverCpu.Since(viaServer.Attempted);
    createdByServer += viaServer.Succeeded;

    await LoadRun.ForDurationAsync(concurrency, options.Warmup, raw.InsertAsync);
    var rawCpu = CpuSnapshot.Take(server.Pid, postgresPid);
    // The same number of rows as the server was asked to store in its measured phase.
    var direct = await LoadRun.ForCountAsync(concurrency, Math.Max(1, viaServer.Attempted), raw.InsertAsync);
    var rawUsage = rawCpu.Since(direct.Attempted);

    var cell = new Cell(viaServer, direct, serverUsage, rawUsage);
    cells.Add(cell);
    Console.WriteLine(Report.ConsoleRow(cell));
}

long storedEvents;
await using (var connection = new NpgsqlConnection(serverDatabase))
{
    await connection.OpenAsync();
    await using var count = new NpgsqlCommand("select count(*) from claude_mem.mt_doc_agenteventview", connection);
    storedEvents = (long)(await count.ExecuteScalarAsync())!;
}

var run = new RunRecord(options, before, Machine.Describe(repoRoot), await Machine.PostgresVersionAsync(rawDatabase),
    cells, createdByServer, storedEvents);
Console.WriteLine();
Console.WriteLine(Report.ConsoleTable(run));
var output = Path.Combine(repoRoot, options.Output);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, options.Output == IngestResults.File ? IngestResults.WithSideBySideKept(Report.Markdown(run), output) : Report.Markdown(run));
Console.WriteLine($"wrote {Path.GetRelativePath(Directory.GetCurrentDirectory(), output)}");
return run.HasErrors ? 1 : 0;
