namespace ClaudeMem.Http.Tests;

public class CompatibilityRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Api Api => new(fixture.Host.Server.CreateClient());

    [Fact]
    public async Task A_hook_session_runs_init_observations_and_summarize()
    {
        var key = await fixture.CreateKeyAsync(team: "hooks");
        var contentSessionId = Guid.NewGuid().ToString();
        var init = await Api.PostAsync("/api/sessions/init", new { contentSessionId, project = "my-repo", prompt = "fix the login bug" }, key);
        Assert.True(init.Code == 200, init.ToString());
        Assert.Equal(1, init.Body!["promptNumber"]!.GetValue<int>());
        var again = await Api.PostAsync("/api/sessions/init", new { contentSessionId, project = "my-repo", prompt = "and add a test" }, key);
        Assert.Equal(init.Body!["sessionDbId"]!.ToString(), again.Body!["sessionDbId"]!.ToString());
        Assert.Equal(2, again.Body!["promptNumber"]!.GetValue<int>());

        var observation = new
        {
            contentSessionId, tool_name = "Edit", tool_input = new { file_path = "/src/my-repo/login.ts" },
            tool_response = new { success = true }, cwd = "/src/my-repo", tool_use_id = "toolu_01",
        };
        var first = await Api.PostAsync("/api/sessions/observations", observation, key);
        Assert.True(first.Code == 201, first.ToString());
        Assert.StartsWith("evt_", first.Body!["generationJob"]!["id"]!.GetValue<string>());
        Assert.Equal(200, (await Api.PostAsync("/api/sessions/observations", observation, key)).Code);

        var summarize = await Api.PostAsync("/api/sessions/summarize", new { contentSessionId, last_assistant_message = "Fixed it." }, key);
        Assert.True(summarize.Code == 200, summarize.ToString());
        Assert.Equal("ended", summarize.Body!["session"]!["status"]!.GetValue<string>());
        Assert.StartsWith("sum_", summarize.Body!["generationJob"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Observations_before_init_start_the_session_from_the_working_directory()
    {
        var key = await fixture.CreateKeyAsync(team: "hooks-early");
        var reply = await Api.PostAsync("/api/sessions/observations", new
        {
            contentSessionId = "early", tool_name = "Bash", tool_input = new { command = "ls" }, tool_response = "a b", cwd = "/home/me/proj/",
        }, key);
        Assert.True(reply.Code == 201, reply.ToString());
        Assert.Equal("proj", reply.Body!["event"]!["projectId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Compatibility_routes_validate_and_authenticate()
    {
        var key = await fixture.CreateKeyAsync(team: "hooks-bad");
        Assert.Equal(401, (await Api.PostAsync("/api/sessions/init", new { contentSessionId = "x", project = "p" })).Code);
        Assert.Equal("project", (await Api.PostAsync("/api/sessions/init", new { contentSessionId = "x" }, key)).Body!["field"]!.GetValue<string>());
        Assert.Equal("tool_name", (await Api.PostAsync("/api/sessions/observations", new { contentSessionId = "x", cwd = "/a" }, key)).Body!["field"]!.GetValue<string>());
        Assert.Equal(404, (await Api.PostAsync("/api/sessions/summarize", new { contentSessionId = "never" }, key)).Code);
    }
}
