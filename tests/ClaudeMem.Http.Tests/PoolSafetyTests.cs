using ClaudeMem.Events;
using ClaudeMem.Events.Access;
using Marten;
using Npgsql;

namespace ClaudeMem.Http.Tests;

/// <summary>
/// Issue 9, item 1: one bad request must never hurt the next one. Marten's statements are auto-prepared per
/// pooled connection (EventStoreRegistration); a failed statement must leave every connection usable.
/// </summary>
public class PoolSafetyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int ValidCalls = 500;
    private const int Parallelism = 8;

    private Api Api => new(fixture.Host.Server.CreateClient());

    [Fact]
    public async Task Bad_requests_of_every_kind_leave_the_next_500_valid_ones_all_2xx()
    {
        var key = await fixture.CreateKeyAsync(team: "pool");
        await ValidLoadAsync(key, 200); // every statement prepared on several connections

        var bad = new Func<Task<Api.Reply>>[]
        {
            () => Api.GetAsync("/v1/jobs?projectId=a%00", key),
            () => Api.GetAsync("/v1/jobs?status=%00", key),
            () => Api.GetAsync("/v1/jobs?projectId=%E2%80%AEevil", key),
            () => Api.GetAsync("/v1/jobs/evt_%01", key),
            () => Api.GetAsync("/v1/sessions/%E2%80%AE1", key),
            () => Api.GetAsync("/v1/events/a%01b", key),
            () => Api.GetAsync("/v1/jobs?limit=abc", key),
            () => Api.PostAsync("/v1/sessions/start", new { projectId = "p\u0000" }, key),
            () => Api.PostAsync("/v1/sessions/start", "{\"projectId\":", key),
            () => Api.PostAsync("/v1/events", new { projectId = "p", sourceType = "hook", eventType = "PostToolUse", occurredAtEpoch = Api.Now, payload = new { text = "nul \u0000 inside" } }, key),
            () => Api.PostAsync("/v1/events/batch", new { events = new[] { new { projectId = "p\u0000" } } }, key),
            () => Api.PostAsync("/v1/memories", new { projectId = "p", title = "t\u0000", text = "x\u0000" }, key),
            () => Api.PostAsync("/v1/sessions/00000000-0000-0000-0000-000000000000/end", new { }, key),
        };
        for (var round = 0; round < 5; round++)
            foreach (var replies in await Task.WhenAll(bad.Select(b => b())))
                Assert.True(replies.Code < 500, $"a bad request answered {replies}");

        await AssertAllValidAsync(key);
    }

    [Fact]
    public async Task Values_PostgreSQL_cannot_bind_are_refused_before_they_are_sent_and_the_pool_stays_healthy()
    {
        var key = await fixture.CreateKeyAsync(team: "pool-db");
        await ValidLoadAsync(key, 200); // the server's statements are prepared on several pooled connections

        // Statements PostgreSQL would refuse while binding them (a NUL in a text parameter), sent through the
        // server's own store and pool, past every HTTP validation, while valid traffic runs beside them. Npgsql
        // would leave a connection that fails such a Bind while preparing the statement out of step with the
        // server, so they must be refused before they are sent, each with the guard's own reason.
        var beside = ValidLoadAsync(key, 300);
        for (var i = 0; i < 30; i++)
        {
            // The same statement as the job list's count, valid first so it is prepared on this connection.
            await CountJobsAsync($"p{i % 4}");
            var error = await Assert.ThrowsAnyAsync<Exception>(() => CountJobsAsync($"p{i % 4}\u0000"));
            Assert.True(Root<UnbindableValueException>(error) is not null, $"the statement should be refused before it is sent, got: {error}");
        }
        var besideFailures = await beside;
        Assert.True(besideFailures.Count == 0, $"valid requests failed beside the bad statements, first: {besideFailures.FirstOrDefault()}");

        await AssertAllValidAsync(key);
    }

    [Fact]
    public async Task Statements_failing_inside_the_database_leave_the_pool_healthy()
    {
        var key = await fixture.CreateKeyAsync(team: "pool-dup");
        await ValidLoadAsync(key, 200);

        // A statement PostgreSQL refuses while executing it (a unique violation, as a racing duplicate meets), on
        // connections where it is being prepared or already is, while valid traffic runs beside: each must fail
        // with its own error, and nothing else may.
        var beside = ValidLoadAsync(key, 300);
        for (var i = 0; i < 30; i++)
        {
            var entry = new AuditEntry { Id = Guid.CreateVersion7(), Action = "pool-test", TeamId = "pool-dup", Actor = "test", RequestId = $"r{i}" };
            await using (var first = fixture.Store.LightweightSession())
            {
                first.Insert(entry);
                await first.SaveChangesAsync();
            }
            await using var again = fixture.Store.LightweightSession();
            again.Insert(entry);
            var error = await Assert.ThrowsAnyAsync<Exception>(() => again.SaveChangesAsync());
            // Marten reads PostgreSQL's unique violation on the id as its own exception.
            Assert.True(Root<JasperFx.DocumentAlreadyExistsException>(error) is not null,
                $"the duplicate should fail with its own error, got: {error}");
        }
        var besideFailures = await beside;
        Assert.True(besideFailures.Count == 0, $"valid requests failed beside the failing statements, first: {besideFailures.FirstOrDefault()}");

        await AssertAllValidAsync(key);
    }

    private async Task<int> CountJobsAsync(string projectId)
    {
        await using var query = fixture.Store.QuerySession();
        return await query.Query<GenerationJobView>().Where(j => j.TeamId == "pool-db").Where(j => j.ProjectId == projectId).CountAsync();
    }

    private static T? Root<T>(Exception error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand($"set search_path to {EventStoreRegistration.SchemaName}; {sql}", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task AssertAllValidAsync(string key)
    {
        var failures = await ValidLoadAsync(key, ValidCalls);
        Assert.True(failures.Count == 0, $"{failures.Count} of {ValidCalls} valid requests failed, first: {failures.FirstOrDefault()}");
    }

    /// <summary>A mix of the reads and writes clients make, from two keys, several at a time.</summary>
    private async Task<List<string>> ValidLoadAsync(string key, int count)
    {
        var other = await fixture.CreateKeyAsync(team: "pool-other");
        var failures = new List<string>();
        var session = await Api.PostAsync("/v1/sessions/start", new { projectId = "p0", externalSessionId = Guid.NewGuid().ToString() }, key);
        var sessionId = session.Body!["session"]!["id"]!.GetValue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            var reply = (i % 5) switch
            {
                0 => await Api.GetAsync($"/v1/jobs?projectId=p{i % 4}", key),
                1 => await Api.GetAsync("/v1/jobs", other),
                2 => await Api.PostAsync("/v1/events", Api.Event($"p{i % 4}"), key),
                3 => await Api.GetAsync($"/v1/sessions/{sessionId}", key),
                _ => await Api.PostAsync("/v1/memories", new { projectId = $"p{i % 4}", title = $"t{i}", text = "x" }, key),
            };
            if (reply.Code >= 300)
                lock (failures) failures.Add($"request {i}: {reply}");
        });
        return failures;
    }
}
