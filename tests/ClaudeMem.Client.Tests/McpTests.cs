using System.Text.Json.Nodes;

namespace ClaudeMem.Client.Tests;

/// <summary>Both MCP transports (stdio `claude-mem mcp`, Streamable HTTP /v1/mcp) driven by the official TypeScript SDK.</summary>
[Collection(ServerCollection.Name)]
public sealed class McpTests(ServerStack server)
{
    private static readonly string[] ToolNames = ["add_memory", "context", "get_observations", "recent", "search", "timeline"];

    private static string Text(JsonNode result) => string.Concat(result["content"]!.AsArray().Select(c => c!["text"]?.GetValue<string>()));
    private static bool IsError(JsonNode result) => result["isError"]?.GetValue<bool>() == true;

    private static void AssertToolError(JsonNode result, string mentions)
    {
        Assert.True(IsError(result), result.ToJsonString());
        Assert.Contains(mentions, Text(result));
    }

    [Fact]
    public async Task Stdio_lists_the_six_tools_with_truthful_schemas_and_the_workflow_in_its_instructions()
    {
        using var home = new HookHome();
        var output = await McpDriver.RunAsync(McpDriver.Stdio(home, server.Url, server.WriteKey, McpDriver.List()));
        Assert.Null(output["connectError"]);
        Assert.Equal("claude-mem", output["serverName"]!.GetValue<string>());
        var instructions = output["instructions"]!.GetValue<string>();
        Assert.Contains("search", instructions);
        Assert.Contains("timeline", instructions);
        Assert.Contains("get_observations", instructions);

        var tools = output["results"]![0]!["tools"]!.AsArray();
        Assert.Equal(ToolNames, tools.Select(t => t!["name"]!.GetValue<string>()).Order());
        var search = tools.Single(t => t!["name"]!.GetValue<string>() == "search")!;
        var properties = search["inputSchema"]!["properties"]!;
        Assert.Contains("integer", properties["limit"]!["type"]!.ToJsonString());
        Assert.Contains("array", properties["projects"]!["type"]!.ToJsonString());
        Assert.Contains("1 to 100", properties["limit"]!["description"]!.GetValue<string>());
        Assert.Null(search["inputSchema"]!["required"]);
        var get = tools.Single(t => t!["name"]!.GetValue<string>() == "get_observations")!;
        Assert.Equal(["ids"], get["inputSchema"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        var add = tools.Single(t => t!["name"]!.GetValue<string>() == "add_memory")!;
        Assert.Equal(["text", "title"], add["inputSchema"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.True(search["annotations"]!["readOnlyHint"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Stdio_tools_add_then_find_a_memory_in_the_current_project_with_text_and_structured_content()
    {
        using var home = new HookHome();
        var added = (await McpDriver.RunAsync(McpDriver.Stdio(home, server.Url, server.WriteKey,
            McpDriver.Call("add_memory", new { title = "Valkey evicts nothing", text = "maxmemory-policy noeviction keeps BullMQ keys alive under pressure", type = "decision" }))))["results"]![0]!;
        Assert.False(IsError(added), added.ToJsonString());
        var id = added["structuredContent"]!["memory"]!["id"]!.GetValue<string>();
        Assert.Equal(home.Project, added["structuredContent"]!["memory"]!["projectId"]!.GetValue<string>());
        Assert.Contains(id, Text(added));

        var output = await McpDriver.RunAsync(McpDriver.Stdio(home, server.Url, server.ReadKey,
            McpDriver.Call("search", new { query = "noeviction" }),
            McpDriver.Call("recent", new { }),
            McpDriver.Call("timeline", new { anchor = id }),
            McpDriver.Call("get_observations", new { ids = new[] { id } }),
            McpDriver.Call("context", new { })));
        var results = output["results"]!.AsArray();
        Assert.All(results, r => Assert.False(IsError(r!), r!.ToJsonString()));

        var search = results[0]!;
        Assert.Contains(id, Text(search));
        Assert.Contains("Valkey evicts nothing", Text(search));
        Assert.Equal(id, search["structuredContent"]!["results"]![0]!["id"]!.GetValue<string>());
        Assert.Contains(id, Text(results[1]!));
        Assert.Contains($"> {id}", Text(results[2]!));
        Assert.Contains("maxmemory-policy noeviction", Text(results[3]!));
        Assert.Contains("Valkey evicts nothing", Text(results[4]!));
    }

    [Fact]
    public async Task Bad_arguments_are_tool_errors_that_say_what_is_wrong()
    {
        using var home = new HookHome();
        var output = await McpDriver.RunAsync(McpDriver.Stdio(home, server.Url, server.ReadKey,
            McpDriver.Call("search", new { query = "x", limit = 1000 }),
            McpDriver.Call("search", new { query = "x", orderBy = "sideways" }),
            McpDriver.Call("get_observations", new { ids = Array.Empty<string>() }),
            McpDriver.Call("get_observations", new { ids = new[] { "not-an-id" } }),
            McpDriver.Call("timeline", new { }),
            McpDriver.Call("no_such_tool", new { })));
        var results = output["results"]!.AsArray();
        AssertToolError(results[0]!, "limit must be 1 to 100");
        AssertToolError(results[1]!, "orderBy must be one of relevance, date_desc, date_asc");
        AssertToolError(results[2]!, "ids must hold 1 to 100 ids");
        AssertToolError(results[3]!, "invalid request");
        AssertToolError(results[4]!, "give anchor");
        Assert.True(results[5]!["error"] is not null || IsError(results[5]!), results[5]!.ToJsonString());
    }

    [Fact]
    public async Task Http_transport_needs_a_key_and_a_read_only_key_cannot_add()
    {
        var noKey = await McpDriver.RunAsync(McpDriver.Http(server.Url, null, McpDriver.List()));
        Assert.True(noKey["connectError"]?.GetValue<string>().Contains("an API key is required") == true || noKey["code"]?.ToString() == "401", noKey.ToJsonString());

        var project = "mcp-http-" + Guid.NewGuid().ToString("N")[..6];
        var readOnly = await McpDriver.RunAsync(McpDriver.Http(server.Url, server.ReadKey,
            McpDriver.List(),
            McpDriver.Call("add_memory", new { title = "t", text = "x", project })));
        Assert.Null(readOnly["connectError"]);
        Assert.Equal(6, readOnly["results"]![0]!["tools"]!.AsArray().Count);
        AssertToolError(readOnly["results"]![1]!, "not allowed with this API key");

        var writer = await McpDriver.RunAsync(McpDriver.Http(server.Url, server.WriteKey,
            McpDriver.Call("add_memory", new { title = "Streamable HTTP works", text = "added over /v1/mcp", project }),
            McpDriver.Call("search", new { query = "streamable", projects = new[] { project } }),
            McpDriver.Call("search", new { query = "streamable" })));
        var results = writer["results"]!.AsArray();
        Assert.False(IsError(results[0]!), results[0]!.ToJsonString());
        Assert.Contains("Streamable HTTP works", Text(results[1]!));
        AssertToolError(results[2]!, "projects is required");
    }
}
