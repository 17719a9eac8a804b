using Marten;
using Npgsql;

namespace ClaudeMem.Http.Tests;

public class RebuildTests
{
    private static readonly string[] ReadModelTables =
        [
            "mt_doc_sessionview", "mt_doc_agenteventview", "mt_doc_memoryview",
            "mt_doc_generationjobview", "mt_doc_observationview", "mt_doc_summaryview", "search_records",
        ];

    [Fact]
    public async Task Projections_rebuild_reproduces_every_read_model_from_the_events_alone()
    {
        await using var fixture = new ServerFixture();
        await fixture.InitializeAsync();
        var api = new Api(fixture.Host.Server.CreateClient());
        var key = await fixture.CreateKeyAsync();
        var memories = new List<string>();
        for (var s = 0; s < 5; s++)
        {
            var started = await api.PostAsync("/v1/sessions/start", new { projectId = $"p{s % 2}", contentSessionId = $"c{s}", metadata = new { n = s } }, key);
            var id = started.Body!["session"]!["id"]!.ToString();
            var events = Enumerable.Range(0, 10).Select(i => Api.Event($"p{s % 2}", $"s{s}-e{i}", contentSessionId: $"c{s}")).ToArray();
            Assert.Equal(201, (await api.PostAsync("/v1/events/batch", new { events }, key)).Code);
            if (s % 2 == 0) Assert.Equal(200, (await api.PostAsync($"/v1/sessions/{id}/end", new { }, key)).Code);
            var memory = await api.PostAsync("/v1/memories", new { projectId = $"p{s % 2}", title = $"m{s}", text = "remember" }, key);
            Assert.Equal(201, memory.Code);
            memories.Add(memory.Body!["memory"]!["id"]!.ToString());
        }
        // Searchable prompts, edits and deletions are events too, and so is forgetting a project.
        var prompt = new { projectId = "p0", contentSessionId = "c0", sourceType = "hook", eventType = "UserPromptSubmit",
            occurredAtEpoch = Api.Now, payload = new { prompt = "why is the cache stale <private>token=abc</private>" } };
        Assert.Equal(201, (await api.PostAsync("/v1/events?generate=false", prompt, key)).Code);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Patch, $"/v1/memories/{memories[0]}", """{"title":"m0 edited","concepts":["gotcha: edits"]}""", key)).Code);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Delete, $"/v1/memories/{memories[1]}", null, key)).Code);
        Assert.Equal(201, (await api.PostAsync("/v1/memories", new { projectId = "gone", title = "forget me", text = "soon" }, key)).Code);
        Assert.Equal(200, (await api.SendAsync(HttpMethod.Delete, "/v1/projects/gone/memory", null, key)).Code);
        await WaitForJobsToFinishAsync(fixture.Store);
        await using (var query = fixture.Store.QuerySession())
        {
            var observation = await query.Query<ClaudeMem.Events.Generation.ObservationView>().FirstAsync();
            Assert.Equal(200, (await api.SendAsync(HttpMethod.Delete, $"/v1/observations/{observation.Id}", null, key)).Code);
        }
        await fixture.DisposeAsync();

        var before = await SnapshotAsync(fixture.ConnectionString);
        // 5 sessions, 51 events, 4 memories (one deleted, one forgotten), 50 event jobs and 3 summary jobs, with their results.
        Assert.Equal([5, 51, 4, 53], before.Values.Take(4).Select(rows => rows.Count));
        Assert.True(before["mt_doc_observationview"].Count >= 49, "every event job yields at least one observation");
        Assert.Equal(3, before["mt_doc_summaryview"].Count);
        // Every remaining observation, summary and memory is searchable, and the prompt.
        Assert.Equal(before["mt_doc_observationview"].Count + 3 + 4 + 1, before["search_records"].Count);
        Assert.Contains(before["search_records"], row => row.Data.Contains("m0 edited"));
        Assert.DoesNotContain(before["search_records"], row => row.Data.Contains("token=abc"));
        await TruncateAsync(fixture.ConnectionString);
        Assert.Equal(0, (await SnapshotAsync(fixture.ConnectionString)).Values.Sum(rows => rows.Count));

        var rebuild = await CliProcess.RunAsync(CliProcess.ValidEnvironment(fixture.ConnectionString), "projections", "rebuild");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());

        var after = await SnapshotAsync(fixture.ConnectionString);
        foreach (var table in ReadModelTables)
            Assert.Equal(before[table], after[table]);
    }

    private static Task WaitForJobsToFinishAsync(IDocumentStore store) =>
        Eventually.TrueAsync(async () =>
        {
            await using var query = store.QuerySession();
            var jobs = await query.Query<ClaudeMem.Events.Generation.GenerationJobView>().ToListAsync();
            return jobs.Count == 53 && jobs.All(j => j.Status == "completed");
        }, TimeSpan.FromSeconds(90), "the in-process engine to complete every job");

    private static async Task<Dictionary<string, List<(string Id, string Data)>>> SnapshotAsync(string connectionString)
    {
        var snapshot = new Dictionary<string, List<(string, string)>>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in ReadModelTables)
        {
            // The search table has columns instead of a JSON document: compare the whole row, tsvector included.
            var data = table == "search_records" ? "row_to_json(t)::text" : "data::text";
            await using var command = new NpgsqlCommand($"select id::text, {data} from claude_mem.{table} t order by id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
            snapshot[table] = rows;
        }
        return snapshot;
    }

    private static async Task TruncateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "truncate " + string.Join(", ", ReadModelTables.Select(t => "claude_mem." + t)), connection);
        await command.ExecuteNonQueryAsync();
    }
}
