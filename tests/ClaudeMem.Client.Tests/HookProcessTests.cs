using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ClaudeMem.Testing;

namespace ClaudeMem.Client.Tests;

/// <summary>The claude-mem-hook executable (JIT build; the bench runs the native one) fed recorded payloads, against a real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class HookProcessTests(ServerStack server)
{
    private static void AssertQuietSuccess(Processes.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public async Task Prompt_tool_use_stop_and_end_are_recorded_with_private_parts_removed()
    {
        using var home = new HookHome();
        AssertQuietSuccess(await home.RunHookAsync("UserPromptSubmit", home.Payload("UserPromptSubmit"), server.Url, server.WriteKey));
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse", "toolu_edit_1"), server.Url, server.WriteKey));
        AssertQuietSuccess(await home.RunHookAsync("Stop", home.Payload("Stop"), server.Url, server.WriteKey));

        var events = await server.EventsOfAsync(home.Session);
        Assert.Equal(["UserPromptSubmit", "PostToolUse", "Stop"], events.Select(e => e!["eventType"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal(home.Project, e!["projectId"]!.GetValue<string>()));

        var prompt = events[0]!["payload"]!["prompt"]!.GetValue<string>();
        Assert.StartsWith("Fix the flaky retry test in queue/worker.ts", prompt);
        Assert.EndsWith("and explain why it failed", prompt);
        Assert.DoesNotContain("sk-secret", events[0]!.ToJsonString());

        var tool = events[1]!;
        Assert.Equal("toolu_edit_1", tool["sourceEventId"]!.GetValue<string>());
        Assert.Equal("Edit", tool["payload"]!["tool_name"]!.GetValue<string>());
        Assert.Equal("await clock.advance(10) // ", tool["payload"]!["tool_input"]!["new_string"]!.GetValue<string>());
        Assert.DoesNotContain("INC-4411", tool.ToJsonString());

        var stop = events[2]!["payload"]!["last_assistant_message"]!.GetValue<string>();
        Assert.StartsWith("The test slept on the wall clock", stop);
        Assert.DoesNotContain("INC-4411", stop);

        // Stop asked for a summary of the session so far, without ending it.
        var sessionId = events[0]!["sessionId"]!.GetValue<string>();
        var summaryJobs = await server.DocumentsAsync("mt_doc_generationjobview", "data->>'kind' = 'summary' and data->>'sourceId' = @id", ("id", sessionId));
        Assert.Single(summaryJobs);
        var session = await server.DocumentsAsync("mt_doc_sessionview", "id = @id::uuid", ("id", sessionId));
        Assert.NotEqual("ended", session.Single()!["status"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);

        AssertQuietSuccess(await home.RunHookAsync("SessionEnd", home.Payload("SessionEnd"), server.Url, server.WriteKey));
        session = await server.DocumentsAsync("mt_doc_sessionview", "id = @id::uuid", ("id", sessionId));
        Assert.Equal("ended", session.Single()!["status"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        Assert.Empty(home.SpoolFiles());
    }

    [Fact]
    public async Task The_same_tool_call_delivered_twice_is_recorded_once()
    {
        using var home = new HookHome();
        var payload = home.Payload("PostToolUse", "toolu_twice");
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", payload, server.Url, server.WriteKey));
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", payload, server.Url, server.WriteKey));
        Assert.Single(await server.EventsOfAsync(home.Session));
    }

    [Fact]
    public async Task A_tool_call_without_tool_use_id_gets_a_stable_id_from_its_content()
    {
        using var home = new HookHome();
        var payload = JsonNode.Parse(home.Payload("PostToolUse"))!.AsObject();
        payload.Remove("tool_use_id");
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", payload.ToJsonString(), server.Url, server.WriteKey));
        var again = await home.RunHookAsync("PostToolUse", payload.ToJsonString(), server.Url, server.WriteKey);
        AssertQuietSuccess(again);
        var events = await server.EventsOfAsync(home.Session);
        Assert.True(events.Count == 1, again + "\nspooled: " + string.Join("\n", home.SpoolFiles().Select(File.ReadAllText)));
        var recorded = events[0];
        Assert.Matches("^tool-[0-9a-f]{32}$", recorded!["sourceEventId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Skipped_tools_entirely_private_prompts_and_excluded_projects_send_nothing()
    {
        using var home = new HookHome();
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse.TodoWrite"), server.Url, server.WriteKey));
        var privatePrompt = JsonNode.Parse(home.Payload("UserPromptSubmit"))!;
        privatePrompt["prompt"] = "  <private>only secrets here</private>\n";
        AssertQuietSuccess(await home.RunHookAsync("UserPromptSubmit", privatePrompt.ToJsonString(), server.Url, server.WriteKey));
        var excluded = new Dictionary<string, string?> { ["CLAUDE_MEM_EXCLUDED_PROJECTS"] = "other,proj-*" };
        AssertQuietSuccess(await home.RunHookAsync("UserPromptSubmit", home.Payload("UserPromptSubmit"), server.Url, server.WriteKey, excluded));
        Assert.Empty(await server.EventsOfAsync(home.Session));

        // The same prompt, not excluded, is recorded: the checks above are not vacuous.
        AssertQuietSuccess(await home.RunHookAsync("UserPromptSubmit", home.Payload("UserPromptSubmit"), server.Url, server.WriteKey));
        Assert.Single(await server.EventsOfAsync(home.Session));
    }

    [Fact]
    public async Task Project_name_can_be_overridden()
    {
        using var home = new HookHome();
        var env = new Dictionary<string, string?> { ["CLAUDE_MEM_PROJECT"] = "named-by-env" };
        AssertQuietSuccess(await home.RunHookAsync("UserPromptSubmit", home.Payload("UserPromptSubmit"), server.Url, server.WriteKey, env));
        Assert.Equal("named-by-env", Assert.Single(await server.EventsOfAsync(home.Session))!["projectId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_down_exits_zero_at_once_and_spools_privately_then_the_next_hook_replays_exactly_once()
    {
        using var home = new HookHome();
        var down = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var prompt = await home.RunHookAsync("UserPromptSubmit", home.Payload("UserPromptSubmit"), down, server.WriteKey);
        var tool = await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse", "toolu_spooled"), down, server.WriteKey);
        AssertQuietSuccess(prompt);
        AssertQuietSuccess(tool);
        Assert.True(tool.Elapsed < TimeSpan.FromSeconds(3), tool.ToString());

        var spooled = home.SpoolFiles();
        Assert.Equal(2, spooled.Length);
        Assert.All(spooled, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home.SpoolDirectory));
        Assert.DoesNotContain("sk-secret", string.Concat(spooled.Select(File.ReadAllText)));
        Assert.Empty(await server.EventsOfAsync(home.Session));
        var copies = spooled.ToDictionary(f => f, File.ReadAllText);

        // Server back: the next hook sends the spool first (oldest first), then its own event.
        var replaying = await home.RunHookAsync("Stop", home.Payload("Stop"), server.Url, server.WriteKey);
        AssertQuietSuccess(replaying);
        Assert.True(home.SpoolFiles().Length == 0, replaying.ToString());
        var events = await server.EventsOfAsync(home.Session);
        Assert.Equal(["UserPromptSubmit", "PostToolUse", "Stop"], events.Select(e => e!["eventType"]!.GetValue<string>()));

        // Replaying the same requests again (say, a copy left behind by a crash) adds nothing.
        foreach (var (file, text) in copies) File.WriteAllText(file, text);
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse", "toolu_spooled"), server.Url, server.WriteKey));
        Assert.Equal(3, (await server.EventsOfAsync(home.Session)).Count);
    }

    [Fact]
    public async Task A_server_that_hangs_costs_the_budget_and_no_more_and_the_event_is_spooled()
    {
        using var home = new HookHome();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () => { while (true) accepted.Add(await listener.AcceptSocketAsync()); });
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        var defaultBudget = new Dictionary<string, string?> { ["CLAUDE_MEM_HOOK_BUDGET_MS"] = null };
        var outcome = await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse"), url, server.WriteKey, defaultBudget);
        AssertQuietSuccess(outcome);
        Assert.True(outcome.Elapsed >= TimeSpan.FromMilliseconds(1400), outcome.ToString());
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(4), outcome.ToString()); // 1.5 s budget + process start
        Assert.Single(home.SpoolFiles());
        listener.Stop();
        foreach (var s in accepted) s.Dispose();
    }

    [Fact]
    public async Task A_corrupt_spool_entry_is_skipped_and_reported_and_the_rest_is_sent()
    {
        using var home = new HookHome();
        var down = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse", "toolu_before_corrupt"), down, server.WriteKey));
        var good = Assert.Single(home.SpoolFiles());
        var corrupt = Path.Combine(home.SpoolDirectory, "000000000000001-0000001-corrupt.json");
        File.WriteAllText(corrupt, "{\"method\": \"POST\", \"path\": \"/v1/ev");

        var outcome = await home.RunHookAsync("UserPromptSubmit", home.Payload("UserPromptSubmit"), server.Url, server.WriteKey);
        AssertQuietSuccess(outcome);
        Assert.Contains("corrupt spool entry", outcome.Stderr);
        Assert.Empty(home.SpoolFiles());
        Assert.True(File.Exists(Path.Combine(home.SpoolDirectory, "corrupt", Path.GetFileName(corrupt))));
        Assert.False(File.Exists(good));
        Assert.Equal(["PostToolUse", "UserPromptSubmit"], (await server.EventsOfAsync(home.Session)).Select(e => e!["eventType"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task The_spool_is_capped_and_counts_what_it_dropped()
    {
        using var home = new HookHome();
        var down = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var cap = new Dictionary<string, string?> { ["CLAUDE_MEM_SPOOL_MAX_BYTES"] = "3000" };
        for (var i = 0; i < 4; i++)
            AssertQuietSuccess(await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse"), down, server.WriteKey, cap));
        var kept = home.SpoolFiles();
        Assert.InRange(kept.Length, 1, 3);
        Assert.True(kept.Sum(f => new FileInfo(f).Length) <= 3000);
        Assert.Equal((4 - kept.Length).ToString(), File.ReadAllText(Path.Combine(home.SpoolDirectory, "dropped.count")).Trim());
    }

    [Fact]
    public async Task Bad_input_and_an_unknown_event_still_exit_zero()
    {
        using var home = new HookHome();
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", "this is not json", server.Url, server.WriteKey));
        var unknown = await home.RunHookAsync("Notification", "{}", server.Url, server.WriteKey);
        AssertQuietSuccess(unknown);
        Assert.Contains("unknown hook event", unknown.Stderr);
        AssertQuietSuccess(await home.RunHookAsync("PostToolUse", home.Payload("PostToolUse"), "not a url", server.WriteKey));
        Assert.Empty(home.SpoolFiles());
    }

    [Fact]
    public async Task Session_start_prints_the_context_block_as_additional_context()
    {
        using var home = new HookHome();
        await server.PostJsonAsync("/v1/memories", new { projectId = home.Project, title = "Retries use a fake clock", text = "The worker tests advance a fake clock instead of sleeping." });
        var outcome = await home.RunHookAsync("SessionStart", home.Payload("SessionStart"), server.Url, server.WriteKey);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var output = JsonNode.Parse(outcome.Stdout)!;
        Assert.Equal("SessionStart", output["hookSpecificOutput"]!["hookEventName"]!.GetValue<string>());
        Assert.Contains(home.Project, output["hookSpecificOutput"]!["additionalContext"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_start_with_the_server_down_prints_nothing_and_exits_zero()
    {
        using var home = new HookHome();
        var outcome = await home.RunHookAsync("SessionStart", home.Payload("SessionStart"), $"http://127.0.0.1:{ServerProcess.FreePort()}", server.WriteKey);
        AssertQuietSuccess(outcome);
    }
}
