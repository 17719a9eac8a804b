using ClaudeMem.Events.Generation;
using ClaudeMem.Client.Privacy;
using System.Text.Json;
using ClaudeMem.Generation.Prompts;

namespace ClaudeMem.Generation.Tests.Prompts;

public sealed class PromptTests
{
    [Theory]
    [InlineData("before <private>api key sk-live-123</private> after")]
    [InlineData("before <claude-mem-context>sk-live-123 old memory</claude-mem-context> after")]
    [InlineData("before <system-reminder>sk-live-123</system-reminder> after")]
    [InlineData("before <system_instruction>sk-live-123</system_instruction> after")]
    [InlineData("before <persisted-output>sk-live-123\nmany lines</persisted-output> after")]
    [InlineData("before <PRIVATE attr=\"1\">sk-live-123</Private > after")]
    public void Each_private_tag_is_removed_with_its_content(string text)
    {
        var stripped = PrivateContent.Strip(text);

        Assert.DoesNotContain("sk-live-123", stripped, StringComparison.Ordinal);
        Assert.DoesNotContain("<", stripped, StringComparison.Ordinal);
        Assert.StartsWith("before ", stripped, StringComparison.Ordinal);
        Assert.EndsWith(" after", stripped, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_and_unclosed_private_tags_leave_nothing_of_their_content()
    {
        Assert.Equal("a  d", PrivateContent.Strip("a <private>b <private>secret</private> c</private> d"));
        Assert.Equal("a  e", PrivateContent.Strip("a <private>b <system-reminder>x</system-reminder> secret</private> e"));
        Assert.Equal("visible ", PrivateContent.Strip("visible <private>never closed secret"));
    }

    [Fact]
    public void Private_parts_nested_in_json_string_values_are_removed_from_prompts_and_from_provider_events()
    {
        var payload = new JsonObject
        {
            ["tool_name"] = "Bash",
            ["tool_input"] = new JsonObject { ["command"] = "cat .env <private>DB_PASSWORD=hunter2</private>" },
            ["tool_response"] = new JsonObject
            {
                ["stdout"] = "ok\n<system-reminder>The user's token is tok_9f8e</system-reminder>\ndone",
                ["nested"] = new JsonArray("<claude-mem-context>old memories tok_9f8e</claude-mem-context>", 42, true, null),
            },
        };
        var request = GenerationPrompts.ForObservations([HookEvents.Event("PostToolUse", 1, payload)], PromptOptions.Default);

        Assert.DoesNotContain("hunter2", request.UserPrompt, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_9f8e", request.UserPrompt, StringComparison.Ordinal);
        Assert.Contains("cat .env", request.UserPrompt, StringComparison.Ordinal);
        Assert.Contains("done", request.UserPrompt, StringComparison.Ordinal);
        var sanitized = Assert.Single(request.Events).Payload.GetRawText();
        Assert.DoesNotContain("hunter2", sanitized, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_9f8e", sanitized, StringComparison.Ordinal);
        // Non-string values survive sanitizing untouched.
        Assert.Contains("42,true,null", sanitized, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_tag_inside_json_text_embedded_in_a_string_is_removed()
    {
        var innerJson = JsonSerializer.Serialize(new { output = "x <private>secret-in-embedded-json</private> y" });
        var payload = new JsonObject { ["tool_name"] = "mcp__db__query", ["tool_response"] = innerJson };

        var request = GenerationPrompts.ForSummary([HookEvents.Event("PostToolUse", 1, payload)], PromptOptions.Default);

        Assert.DoesNotContain("secret-in-embedded-json", request.UserPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_payload_is_truncated_to_the_payload_budget()
    {
        var huge = new string('x', 50_000);
        var events = new[] { HookEvents.Bash("dotnet test", huge), HookEvents.UserPrompt("short prompt") };
        var options = new PromptOptions(PayloadCharBudget: 1_000, TotalCharBudget: 100_000);

        var request = GenerationPrompts.ForObservations(events, options);

        var eventBlocks = request.UserPrompt.Split("<event ", StringSplitOptions.None).Skip(1).ToList();
        Assert.Equal(2, eventBlocks.Count);
        Assert.All(eventBlocks, block => Assert.InRange(block.Length, 1, 1_000 + 200));
        Assert.Contains(PayloadRenderer.TruncationMarker, eventBlocks[0], StringComparison.Ordinal);
        Assert.Contains("short prompt", eventBlocks[1], StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 1_001), request.UserPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_are_cut_before_the_payload_so_a_cut_payload_is_still_json()
    {
        var sanitized = PayloadRenderer.Sanitize(JsonSerializer.SerializeToElement(new { stdout = new string('y', 5_000), exit_code = 1 }), 100);

        var stdout = sanitized.GetProperty("stdout").GetString()!;
        Assert.Equal(100, stdout.Length);
        Assert.EndsWith(PayloadRenderer.TruncationMarker, stdout, StringComparison.Ordinal);
        Assert.Equal(1, sanitized.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void The_total_budget_keeps_the_first_event_and_the_newest_and_says_what_was_omitted()
    {
        var events = new List<PromptEvent> { HookEvents.UserPrompt("FIRST-REQUEST") };
        events.AddRange(Enumerable.Range(1, 30).Select(i => HookEvents.Read($"/home/dev/claude-mem/src/File{i:00}.cs", 10 + i, minute: i)));
        var options = new PromptOptions(PayloadCharBudget: 2_000, TotalCharBudget: 3_000);

        var prompt = GenerationPrompts.ForSummary(events, options).UserPrompt;

        Assert.Contains("FIRST-REQUEST", prompt, StringComparison.Ordinal);
        Assert.Contains("File30.cs", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("File01.cs", prompt, StringComparison.Ordinal);
        Assert.Matches("<omitted count=\"\\d+\" reason=\"prompt budget\"/>", prompt);
        Assert.InRange(prompt.Length, 1, 3_000 + 1_000);
    }

    [Fact]
    public void Events_omitted_after_the_last_kept_one_are_marked_too()
    {
        // The first event alone fills the budget, so no newer one fits: all of them are omitted after it.
        var events = new List<PromptEvent> { HookEvents.UserPrompt("FIRST-REQUEST " + new string('x', 600)) };
        events.AddRange(Enumerable.Range(1, 19).Select(i => HookEvents.UserPrompt($"step {i} " + new string('x', 600), minute: i)));

        var prompt = GenerationPrompts.ForSummary(events, new PromptOptions(TotalCharBudget: 1_000)).UserPrompt;

        Assert.Contains("FIRST-REQUEST", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("step 19", prompt, StringComparison.Ordinal);
        Assert.Contains("<omitted count=\"19\" reason=\"prompt budget\"/>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Observation_and_summary_prompts_are_distinct_and_ask_for_their_own_format()
    {
        var events = new[] { HookEvents.UserPrompt("Fix the flaky test"), HookEvents.Read("/home/dev/claude-mem/src/A.cs", 20) };

        var observation = GenerationPrompts.ForObservations(events, PromptOptions.Default);
        var summary = GenerationPrompts.ForSummary(events, PromptOptions.Default);

        Assert.Equal(JobKinds.Event, observation.Kind);
        Assert.Equal(JobKinds.Summary, summary.Kind);
        Assert.NotEqual(observation.SystemPrompt, summary.SystemPrompt);
        Assert.NotEqual(observation.UserPrompt, summary.UserPrompt);

        foreach (var tag in new[] { "<observation>", "<type>", "<title>", "<subtitle>", "<facts>", "<fact>", "<narrative>", "<concepts>", "<concept>", "<files_read>", "<files_modified>", "<file>", "<no_observations/>" })
        {
            Assert.Contains(tag, observation.SystemPrompt, StringComparison.Ordinal);
        }

        foreach (var word in new[] { "bugfix", "feature", "refactor", "change", "discovery", "decision", "security_alert", "security_note", "how-it-works", "why-it-exists", "what-changed", "problem-solution", "gotcha", "pattern", "trade-off" })
        {
            Assert.Contains(word, observation.SystemPrompt, StringComparison.Ordinal);
        }

        foreach (var tag in new[] { "<summary>", "<request>", "<investigated>", "<learned>", "<completed>", "<next_steps>", "<notes>" })
        {
            Assert.Contains(tag, summary.SystemPrompt, StringComparison.Ordinal);
            Assert.DoesNotContain(tag, observation.SystemPrompt, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<observation>", summary.SystemPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_carry_their_type_and_utc_time_in_order()
    {
        var prompt = GenerationPrompts.ForObservations(
            [HookEvents.UserPrompt("hello", minute: 0), HookEvents.Read("/home/dev/claude-mem/a.cs", 3, minute: 5)], PromptOptions.Default).UserPrompt;

        var first = prompt.IndexOf("<event n=\"1\" type=\"UserPromptSubmit\" occurred=\"2026-11-23T14:00:00Z\">", StringComparison.Ordinal);
        var second = prompt.IndexOf("<event n=\"2\" type=\"PostToolUse\" occurred=\"2026-11-23T14:05:00Z\">", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, prompt);
    }

    [Fact]
    public void Context_events_are_shown_apart_from_the_events_to_observe_and_sanitized_too()
    {
        var request = GenerationPrompts.ForObservations(
            [HookEvents.Read("/home/dev/claude-mem/src/Queue.cs", 40, minute: 5)],
            PromptOptions.Default,
            context: [HookEvents.UserPrompt("Speed up the queue <private>my-password</private>", minute: 1)]);

        var contextStart = request.UserPrompt.IndexOf("<earlier_context count=\"1\"", StringComparison.Ordinal);
        var eventsStart = request.UserPrompt.IndexOf("<session_events count=\"1\">", StringComparison.Ordinal);
        Assert.True(contextStart >= 0 && eventsStart > contextStart, request.UserPrompt);
        Assert.Contains("record nothing about these", request.UserPrompt, StringComparison.Ordinal);
        var contextPart = request.UserPrompt[contextStart..eventsStart];
        Assert.Contains("Speed up the queue", contextPart, StringComparison.Ordinal);
        Assert.DoesNotContain("Queue.cs", contextPart, StringComparison.Ordinal);
        Assert.DoesNotContain("my-password", request.UserPrompt, StringComparison.Ordinal);
        Assert.Single(request.Events);
        Assert.DoesNotContain("my-password", Assert.Single(request.ContextEvents).Payload.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Context_may_use_at_most_a_quarter_of_the_total_budget()
    {
        var context = Enumerable.Range(1, 20).Select(i => HookEvents.UserPrompt($"PROMPT-{i:00} " + new string('p', 400), minute: i)).ToList();
        var options = new PromptOptions(PayloadCharBudget: 1_000, TotalCharBudget: 8_000);

        var prompt = GenerationPrompts.ForObservations([HookEvents.Read("/home/dev/claude-mem/a.cs", 3, minute: 30)], options, context).UserPrompt;

        var contextPart = prompt[..prompt.IndexOf("<session_events", StringComparison.Ordinal)];
        Assert.InRange(contextPart.Length, 1, 2_000 + 400);
        Assert.Contains("PROMPT-20", contextPart, StringComparison.Ordinal);
        Assert.DoesNotContain("PROMPT-10", contextPart, StringComparison.Ordinal);
        Assert.Contains("a.cs", prompt, StringComparison.Ordinal);
    }
}
