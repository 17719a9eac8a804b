using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClaudeMem.Testing;
using Npgsql;

namespace ClaudeMem.Client.Tests;

/// <summary>
/// One real claude-mem server process (HTTP only, generation disabled so jobs stay queued and
/// visible) on its own database, with a read-write and a read-only key. Shared by the tests of a collection.
/// </summary>
public sealed class ServerStack : IAsyncLifetime
{
    public string Database { get; private set; } = "";
    public int Port { get; private set; }
    public string Url => $"http://127.0.0.1:{Port}";
    public string WriteKey { get; private set; } = "";
    public string ReadKey { get; private set; } = "";
    public Dictionary<string, string?> ServerEnvironment { get; private set; } = [];
    private ServerProcess? _server;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var redis = await SharedServers.RedisAsync();
        Database = await postgres.CreateDatabaseAsync();
        Port = ServerProcess.FreePort();
        ServerEnvironment = new Dictionary<string, string?>
        {
            ["CLAUDE_MEM_DOCKER"] = "1",
            ["CLAUDE_MEM_RUNTIME"] = "server-beta",
            ["CLAUDE_MEM_SERVER_DATABASE_URL"] = Database,
            ["CLAUDE_MEM_QUEUE_ENGINE"] = "bullmq",
            ["CLAUDE_MEM_REDIS_URL"] = redis.Url,
            ["CLAUDE_MEM_QUEUE_PREFIX"] = "client-tests-" + Guid.NewGuid().ToString("N")[..6],
            ["CLAUDE_MEM_AUTH_MODE"] = "api-key",
            ["CLAUDE_MEM_SERVER_PROVIDER"] = "offline",
            ["CLAUDE_MEM_GENERATION_DISABLED"] = "true",
            ["CLAUDE_MEM_SERVER_PORT"] = Port.ToString(),
            ["CLAUDE_MEM_PID_FILE"] = Path.Combine(ServerProcess.TempDirectory("client-tests-pid"), "server.pid"),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        WriteKey = await CreateKeyAsync("hooks", "memories:read,memories:write");
        ReadKey = await CreateKeyAsync("reader", "memories:read");
        await StartAsync();
        await WarmUpAsync();
    }

    /// <summary>A fresh server compiles each route on its first call (seconds here): pay that before hooks run on a 1.5 s budget.</summary>
    private async Task WarmUpAsync()
    {
        const string project = "warm-up";
        var session = Guid.NewGuid().ToString();
        await PostJsonAsync("/v1/sessions/start", new { projectId = project, contentSessionId = session });
        await PostJsonAsync("/v1/events", new { projectId = project, contentSessionId = session, sourceType = "hook", eventType = "Stop",
            occurredAtEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), payload = new { last_assistant_message = "warm" }, sourceEventId = session });
        await PostJsonAsync("/v1/sessions/summarize", new { projectId = project, contentSessionId = session, checkpointId = "warm" });
        await PostJsonAsync("/api/sessions/summarize", new { contentSessionId = session });
        using var http = Client();
        await http.GetAsync($"/v1/context/session-start?projects={project}");
    }

    public async Task StartAsync()
    {
        _server = ServerProcess.Start("dotnet", [Processes.ClaudeMemDll, "server", "start"], environment: ServerEnvironment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                if ((await http.GetAsync($"{Url}/api/readiness")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (_server.HasExited) throw new InvalidOperationException("the server exited:\n" + _server.Output);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the server did not become ready:\n" + _server.Output);
            await Task.Delay(200);
        }
    }

    public Task StopAsync() => _server?.StopAsync() ?? Task.CompletedTask;

    private async Task<string> CreateKeyAsync(string name, string scopes)
    {
        var created = await Processes.RunAsync(Processes.ClaudeMemDll, ["server", "api-key", "create", "--name", name, "--scope", scopes, "--json"], ServerEnvironment);
        Assert.True(created.ExitCode == 0, created.ToString());
        return JsonNode.Parse(created.Stdout)!["key"]!.GetValue<string>();
    }

    public HttpClient Client(string? key = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? WriteKey);
        return http;
    }

    public async Task<JsonNode> PostJsonAsync(string path, object body, string? key = null)
    {
        using var http = Client(key);
        var response = await http.PostAsync(path, new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The agent events recorded for one Claude session, oldest first (read straight from the read model).</summary>
    public async Task<List<JsonNode>> EventsOfAsync(string contentSessionId)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select e.data::text from claude_mem.mt_doc_agenteventview e join claude_mem.mt_doc_sessionview s on (e.data->>'sessionId')::uuid = s.id " +
            "where s.data->>'contentSessionId' = @id order by (e.data->>'occurredAtEpoch')::bigint, e.data->>'eventType'", connection);
        command.Parameters.AddWithValue("id", contentSessionId);
        var events = new List<JsonNode>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) events.Add(JsonNode.Parse(reader.GetString(0))!);
        return events;
    }

    public async Task<List<JsonNode>> DocumentsAsync(string table, string where, params (string, object)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select data::text from claude_mem.{table} where {where}", connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var rows = new List<JsonNode>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(JsonNode.Parse(reader.GetString(0))!);
        return rows;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerStack>
{
    public const string Name = "server";
}
