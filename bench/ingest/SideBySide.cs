using ClaudeMem.Testing;
using Npgsql;

namespace ClaudeMem.Bench.Ingest;

/// <summary>Which server a cell measured.</summary>
public enum Contender { TypeScript, Ours }

/// <summary>One measured phase against one server, with the CPU it cost per request.</summary>
public sealed record SideCell(Contender Server, int Round, Measurement Load, PhaseCpu Cpu);

/// <summary>CPU milliseconds per request during a phase: the server process, PostgreSQL (postmaster and backends), redis-server, the load generator.</summary>
public sealed record PhaseCpu(double Server, double Postgres, double Redis, double Bench);

/// <summary>What one server did over the whole run, beside its cells.</summary>
/// <param name="ReadyAfter">Process start to the first 200 from GET /api/readiness.</param>
public sealed record ServerFacts(Contender Server, string Description, TimeSpan ReadyAfter, double PeakRssMb, double EndRssMb, long Created, long Stored);

public sealed record SideBySideRun(BenchOptions Options, MachineFacts Before, MachineFacts After, string PostgresVersion,
    IReadOnlyList<SideCell> Cells, ServerFacts TypeScript, ServerFacts Ours)
{
    public bool HasErrors => Cells.Any(c => c.Load.Failed > 0) || TypeScript.Stored != TypeScript.Created || Ours.Stored != Ours.Created;
}

/// <summary>
/// `--side-by-side`: the TypeScript server (npm claude-mem) and ours against the same PostgreSQL
/// cluster (one database each, durable settings unless --fsync-off) and the same redis-server (one
/// key prefix each), driven by the same load generator with the same bodies, in alternating cells
/// so that outside load hits both alike. Both run HTTP only (generation disabled, no worker): the
/// comparison is the write path, including each one's enqueue of the generation job to redis.
/// </summary>
public static class SideBySide
{
    private const string OursQueuePrefix = "cm-dotnet";

    public static async Task<SideBySideRun> RunAsync(BenchOptions options, string repoRoot)
    {
        TypeScriptServer.EnsureInstalled(repoRoot);
        var before = Machine.Describe(repoRoot);
        Console.WriteLine($"side by side: concurrency {string.Join(", ", options.Concurrencies)} x {options.Repeat} rounds; server warm-up {options.ServerWarmup.TotalSeconds:0.#} s each, then {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s per cell; PostgreSQL {(options.FsyncOff ? "fsync OFF" : "durable (fsync, synchronous_commit on)")}");
        Console.WriteLine($"machine: nproc {before.Processors}, load average {before.LoadAverage}; starting PostgreSQL, redis-server, the TypeScript server {TypeScriptServer.Version(repoRoot)} and ours");

        await using var redis = await RedisServer.StartAsync();
        await using var postgres = await PostgresServer.StartAsync(durable: !options.FsyncOff);
        var typeScriptDatabase = await postgres.CreateDatabaseAsync("bench_ts");
        var oursDatabase = await postgres.CreateDatabaseAsync("bench_ours");
        var postgresPid = postgres.Pid ?? throw new InvalidOperationException("postgres has no pid");
        var redisPid = redis.Pid ?? throw new InvalidOperationException("redis-server has no pid");

        // The TypeScript server first: ours sets its variables in this process's environment, which children inherit.
        await using var typeScript = await TypeScriptServer.StartAsync(repoRoot,
            $"postgres://postgres@127.0.0.1:{postgres.Port}/bench_ts", redis.Url);
        await using var ours = await ServerUnderTest.StartAsync(oursDatabase, redis.Url, new Dictionary<string, string>
        {
            ["CLAUDE_MEM_GENERATION_DISABLED"] = "true",
            ["CLAUDE_MEM_QUEUE_PREFIX"] = OursQueuePrefix,
        });
        Console.WriteLine($"ready after: TypeScript {typeScript.ReadyAfter.TotalSeconds:0.00} s, ours {ours.ReadyAfter.TotalSeconds:0.00} s");

        // A new client per phase, as in the ingest bench: its connections open during the phase's warm-up.
        var sides = new Dictionary<Contender, (Func<int, IngestClient> Client, int Pid)>
        {
            [Contender.TypeScript] = (concurrency => new IngestClient(typeScript.BaseAddress, typeScript.ApiKey, concurrency,
                sequence => EventBodies.UniqueBody(sequence, typeScript.ProjectId)), typeScript.Pid),
            [Contender.Ours] = (concurrency => new IngestClient(ours.BaseAddress, ours.ApiKey, concurrency,
                sequence => EventBodies.UniqueBody(sequence, EventBodies.ProjectId)), ours.Pid),
        };
        var created = new Dictionary<Contender, long> { [Contender.TypeScript] = 0, [Contender.Ours] = 0 };

        // Once each: JIT tiering (both runtimes) and connection pools settle before the first cell.
        foreach (var (side, (newClient, _)) in sides)
        {
            using var client = newClient(8);
            created[side] += (await LoadRun.ForDurationAsync(8, options.ServerWarmup, client.PostEventAsync)).Succeeded;
        }
        // Statistics as autovacuum gives a server that has run a while. Without them the TypeScript server's statements
        // cost PostgreSQL 11-15 ms per request instead of ~4 in round 1 (its tables are new; autovacuum analyzes them
        // during the run), which flattered our ratio in round 1.
        await ScalarAsync(postgres.ConnectionString("bench_ts"), "analyze");
        await ScalarAsync(oursDatabase, "analyze");

        var cells = new List<SideCell>();
        for (var round = 1; round <= options.Repeat; round++)
        {
            foreach (var concurrency in options.Concurrencies)
            {
                // TypeScript first in odd rounds, ours first in even ones: neither always gets the fresher moment.
                Contender[] order = round % 2 == 1 ? [Contender.TypeScript, Contender.Ours] : [Contender.Ours, Contender.TypeScript];
                foreach (var side in order)
                {
                    var (newClient, pid) = sides[side];
                    using var client = newClient(concurrency);
                    created[side] += (await LoadRun.ForDurationAsync(concurrency, options.Warmup, client.PostEventAsync)).Succeeded;
                    var cpuBefore = CpuNow(pid, postgresPid, redisPid);
                    var load = await LoadRun.ForDurationAsync(concurrency, options.Duration, client.PostEventAsync);
                    var cpu = PerRequest(cpuBefore, CpuNow(pid, postgresPid, redisPid), load.Attempted);
                    created[side] += load.Succeeded;
                    var cell = new SideCell(side, round, load, cpu);
                    cells.Add(cell);
                    Console.WriteLine(SideBySideReport.ConsoleRow(cell));
                }
            }
        }

        var typeScriptFacts = new ServerFacts(Contender.TypeScript, $"npm claude-mem {TypeScriptServer.Version(repoRoot)} (plugin/scripts/server-service.cjs on bun {BunVersion(repoRoot)})",
            typeScript.ReadyAfter, ProcessMemory.PeakRssMb(typeScript.Pid), ProcessMemory.RssMb(typeScript.Pid), created[Contender.TypeScript],
            await CountAsync(postgres.ConnectionString("bench_ts"), "select count(*) from agent_events"));
        var oursFacts = new ServerFacts(Contender.Ours, $"claude-mem (Release, commit {before.Commit})",
            ours.ReadyAfter, ProcessMemory.PeakRssMb(ours.Pid), ProcessMemory.RssMb(ours.Pid), created[Contender.Ours],
            await CountAsync(oursDatabase, "select count(*) from claude_mem.mt_doc_agenteventview"));
        return new SideBySideRun(options, before, Machine.Describe(repoRoot), await Machine.PostgresVersionAsync(typeScriptDatabase),
            cells, typeScriptFacts, oursFacts);
    }

    private static string BunVersion(string repoRoot)
    {
        var manifest = Path.Combine(repoRoot, "tools/bun/node_modules/@oven/bun-linux-x64/package.json");
        return System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("version").GetString() ?? "unknown";
    }

    private static (double Server, double Postgres, double Redis, double Bench) CpuNow(int serverPid, int postgresPid, int redisPid) => (
        ProcessCpu.Seconds(serverPid),
        ProcessCpu.Seconds(postgresPid, withChildren: true),
        ProcessCpu.Seconds(redisPid),
        System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

    private static PhaseCpu PerRequest((double Server, double Postgres, double Redis, double Bench) from,
        (double Server, double Postgres, double Redis, double Bench) to, long requests)
    {
        double PerRequest(double seconds) => seconds * 1000 / Math.Max(1, requests);
        return new PhaseCpu(PerRequest(to.Server - from.Server), PerRequest(to.Postgres - from.Postgres),
            PerRequest(to.Redis - from.Redis), PerRequest(to.Bench - from.Bench));
    }

    private static async Task<long> CountAsync(string connectionString, string sql) => (long)(await ScalarAsync(connectionString, sql))!;

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
