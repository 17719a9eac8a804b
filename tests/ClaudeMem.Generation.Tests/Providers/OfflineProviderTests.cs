using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Generation.Parsing;
using ClaudeMem.Generation.Prompts;
using static ClaudeMem.Generation.Tests.HookEvents;

namespace ClaudeMem.Generation.Tests.Providers;

public sealed class OfflineProviderTests
{
    private static readonly OfflineProvider Provider = new();

    /// <summary>A small but complete session: request, investigation, a failing test run, a fix, a passing run.</summary>
    private static readonly PromptEvent[] FixSession =
    [
        UserPrompt("Fix the failing SessionEndTests: ending a session twice creates two summary jobs", minute: 0),
        Tool("Grep", new JsonObject { ["pattern"] = "EnqueueSummary", ["path"] = Cwd + "/src", ["output_mode"] = "files_with_matches" },
            new JsonObject { ["mode"] = "files_with_matches", ["filenames"] = new JsonArray(Cwd + "/src/ClaudeMem.Http/Sessions/EndSession.cs", Cwd + "/src/ClaudeMem.Generation/Jobs.cs"), ["numFiles"] = 2 }, minute: 1),
        Read(Cwd + "/src/ClaudeMem.Http/Sessions/EndSession.cs", 84, minute: 2),
        Bash("dotnet test tests/ClaudeMem.Http.Tests --filter SessionEndTests",
            "  Failed ClaudeMem.Http.Tests.SessionEndTests.Ending_twice_reuses_the_job [120 ms]\nFailed!  - Failed: 1, Passed: 6",
            "error: Assert.Single() Failure: The collection contained 2 items", exitCode: 1, minute: 3),
        Edit(Cwd + "/src/ClaudeMem.Http/Sessions/EndSession.cs", "var jobId = Guid.NewGuid();", "var jobId = JobIds.Summary(session.Id);\nif (session.SummaryJobId is not null) return;", minute: 4),
        Bash("dotnet test tests/ClaudeMem.Http.Tests --filter SessionEndTests", "Passed!  - Failed: 0, Passed: 7, Skipped: 0", exitCode: 0, minute: 5),
        Stop("Fixed: EndSession now derives the summary job id from the session and returns early when it exists.", minute: 6),
    ];

    private static async Task<IReadOnlyList<GeneratedObservation>> ObservationsAsync(params PromptEvent[] events)
    {
        var result = await Generator.GenerateObservationsAsync(Provider, events, [], PromptOptions.Default, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Reason);
        return result.Value!;
    }

    private static async Task<GeneratedSummary> SummaryAsync(params PromptEvent[] events)
    {
        var result = await Generator.GenerateSummaryAsync(Provider, events, PromptOptions.Default, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Reason);
        return result.Value!;
    }

    [Fact]
    public async Task An_edit_becomes_a_change_observation_naming_the_file_and_the_change()
    {
        var observation = Assert.Single(await ObservationsAsync(
            UserPrompt("Make the queue prefix configurable"),
            Edit(Cwd + "/src/ClaudeMem.Generation/Queue/QueueOptions.cs", "public const string Prefix = \"bull\";", "public string Prefix { get; init; } = \"claude-mem\";\npublic int Attempts { get; init; } = 3;")));

        Assert.Equal(ObservationTypes.Change, observation.Type);
        Assert.Equal("Changed QueueOptions.cs", observation.Title);
        Assert.Equal(["src/ClaudeMem.Generation/Queue/QueueOptions.cs"], observation.FilesModified);
        Assert.Empty(observation.FilesRead);
        Assert.Contains("src/ClaudeMem.Generation/Queue/QueueOptions.cs: replaced 1 line with 2 lines", observation.Facts);
        Assert.Contains(observation.Facts, f => f.Contains("public string Prefix { get; init; } = \"claude-mem\";", StringComparison.Ordinal));
        Assert.Contains("Make the queue prefix configurable", observation.Narrative, StringComparison.Ordinal);
        Assert.Equal([ObservationConcepts.WhatChanged], observation.Concepts);
    }

    [Theory]
    [InlineData("Fix the broken login redirect", ObservationTypes.Bugfix)]
    [InlineData("Refactor the parser into smaller methods", ObservationTypes.Refactor)]
    [InlineData("Implement search filters by date", ObservationTypes.Feature)]
    [InlineData("Bump the version number", ObservationTypes.Change)]
    public async Task The_users_request_decides_the_kind_of_change(string request, string expectedType)
    {
        var observation = Assert.Single(await ObservationsAsync(UserPrompt(request), Edit(Cwd + "/src/A.cs", "a", "b")));

        Assert.Equal(expectedType, observation.Type);
    }

    [Fact]
    public async Task A_write_creating_a_file_says_so_with_its_size()
    {
        var observation = Assert.Single(await ObservationsAsync(Tool("Write",
            new JsonObject { ["file_path"] = Cwd + "/ops/valkey.conf", ["content"] = "appendonly yes\nappendfsync everysec\nmaxmemory-policy noeviction\n" },
            new JsonObject { ["type"] = "create", ["filePath"] = Cwd + "/ops/valkey.conf" })));

        Assert.Equal(["ops/valkey.conf"], observation.FilesModified);
        Assert.Contains("Created ops/valkey.conf (3 lines)", observation.Facts);
    }

    [Fact]
    public async Task MultiEdit_and_NotebookEdit_count_as_modifications()
    {
        var observations = await ObservationsAsync(
            Tool("MultiEdit", new JsonObject { ["file_path"] = Cwd + "/src/B.cs", ["edits"] = new JsonArray(new JsonObject(), new JsonObject(), new JsonObject()) }, new JsonObject()),
            Tool("NotebookEdit", new JsonObject { ["notebook_path"] = "/data/analysis.ipynb", ["cell_id"] = "c3", ["edit_mode"] = "insert", ["new_source"] = "df.describe()" }, new JsonObject(), minute: 2));

        Assert.Equal(["src/B.cs"], observations[0].FilesModified);
        Assert.Contains("src/B.cs: 3 edits applied in one change", observations[0].Facts);
        Assert.Equal(["/data/analysis.ipynb"], observations[1].FilesModified);
        Assert.Contains("/data/analysis.ipynb: insert cell c3", observations[1].Facts);
    }

    [Fact]
    public async Task A_read_is_a_discovery_listing_the_file_read()
    {
        var observation = Assert.Single(await ObservationsAsync(Read(Cwd + "/src/ClaudeMem.Http/Program.cs", 212)));

        Assert.Equal(ObservationTypes.Discovery, observation.Type);
        Assert.Equal("Read Program.cs", observation.Title);
        Assert.Equal(["src/ClaudeMem.Http/Program.cs"], observation.FilesRead);
        Assert.Empty(observation.FilesModified);
        Assert.Contains("src/ClaudeMem.Http/Program.cs has 212 lines", observation.Facts);
    }

    [Fact]
    public async Task A_failing_command_records_the_command_exit_code_and_the_telling_error_line()
    {
        var observation = Assert.Single(await ObservationsAsync(Bash(
            "dotnet build",
            "Build FAILED.\n",
            "  Restoring...\nsrc/Foo.cs(12,5): error CS0103: The name 'jobId' does not exist in the current context\n",
            exitCode: 1)));

        Assert.Equal("`dotnet build` failed", observation.Title);
        Assert.Contains("Command: dotnet build", observation.Facts);
        Assert.Contains("Exit code: 1", observation.Facts);
        Assert.Contains("Error: src/Foo.cs(12,5): error CS0103: The name 'jobId' does not exist in the current context", observation.Facts);
        Assert.Contains(ObservationConcepts.Gotcha, observation.Concepts);
    }

    [Fact]
    public async Task A_claude_code_error_string_response_counts_as_a_failure_and_a_failed_edit_modifies_nothing()
    {
        var observations = await ObservationsAsync(
            Tool("Bash", new JsonObject { ["command"] = "npm run lint" }, JsonValue.Create("Error: Exit code 2\n/src/a.ts\n  3:1  error  'x' is unused")),
            Tool("Edit", new JsonObject { ["file_path"] = Cwd + "/src/C.cs", ["old_string"] = "zzz", ["new_string"] = "yyy" },
                JsonValue.Create("<tool_use_error>String to replace not found in file.</tool_use_error>"), minute: 2));

        Assert.Equal("`npm run lint` failed", observations[0].Title);
        Assert.Contains("Exit code: 2", observations[0].Facts);
        Assert.Equal("Edit of C.cs failed", observations[1].Title);
        Assert.Empty(observations[1].FilesModified);
        Assert.Contains(observations[1].Facts, f => f.Contains("String to replace not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_successful_command_records_the_end_of_its_output()
    {
        var observation = Assert.Single(await ObservationsAsync(Bash("dotnet test", "Build succeeded.\nStarting test execution\nPassed!  - Failed: 0, Passed: 42", exitCode: 0)));

        Assert.Equal("Ran `dotnet test`", observation.Title);
        // The parser collapses runs of blanks inside list items.
        Assert.Contains("Output: Starting test execution / Passed! - Failed: 0, Passed: 42", observation.Facts);
        Assert.DoesNotContain(observation.Facts, f => f.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stderr_progress_without_an_exit_code_is_not_mistaken_for_an_error()
    {
        var observation = Assert.Single(await ObservationsAsync(Bash("git push origin main", "", "To github.com:me/repo.git\n   1a2b3c..4d5e6f  main -> main")));

        Assert.Equal("Ran `git push origin main`", observation.Title);
    }

    [Fact]
    public async Task Searches_record_pattern_and_matches()
    {
        var observations = await ObservationsAsync(
            Tool("Grep", new JsonObject { ["pattern"] = "retry-after", ["path"] = Cwd + "/src", ["glob"] = "*.cs" },
                new JsonObject { ["filenames"] = new JsonArray(Cwd + "/src/Providers/Http.cs"), ["numFiles"] = 1 }),
            Tool("Glob", new JsonObject { ["pattern"] = "**/*.csproj" },
                new JsonObject { ["filenames"] = new JsonArray(Enumerable.Range(1, 8).Select(i => (JsonNode)JsonValue.Create($"{Cwd}/p{i}.csproj")).ToArray()), ["numFiles"] = 8 }, minute: 2));

        Assert.Equal("Searched for `retry-after in src (files *.cs)`", observations[0].Title);
        Assert.Contains("Searched code for retry-after in src (files *.cs): 1 file", observations[0].Facts);
        Assert.Contains("Matches: src/Providers/Http.cs", observations[0].Facts);
        Assert.Contains("Matches: p1.csproj, p2.csproj, p3.csproj, p4.csproj, p5.csproj and 3 more", observations[1].Facts);
    }

    [Fact]
    public async Task Planning_tools_and_prompts_alone_give_the_no_observations_marker()
    {
        var answer = await Provider.CompleteAsync(GenerationPrompts.ForObservations(
            [UserPrompt("what does this repo do?"), Tool("TodoWrite", new JsonObject { ["todos"] = new JsonArray() }, new JsonObject())],
            PromptOptions.Default), CancellationToken.None);

        Assert.Equal("<no_observations/>", answer.Value);
        Assert.Empty(await ObservationsAsync(UserPrompt("hi")));
    }

    [Fact]
    public async Task Private_content_never_reaches_offline_observations()
    {
        var observation = Assert.Single(await ObservationsAsync(Bash("export TOKEN=<private>ghp_secret123</private> && ./deploy.sh", "deployed", exitCode: 0)));

        Assert.DoesNotContain(observation.Facts, f => f.Contains("ghp_secret123", StringComparison.Ordinal));
        Assert.Contains(observation.Facts, f => f.Contains("./deploy.sh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Xml_special_characters_in_commands_survive_the_round_trip()
    {
        var observation = Assert.Single(await ObservationsAsync(Bash("grep -c '<summary>' out.xml && echo \"a & b\" > log.txt", "3", exitCode: 0)));

        Assert.Contains("Command: grep -c '<summary>' out.xml && echo \"a & b\" > log.txt", observation.Facts);
    }

    [Fact]
    public async Task The_session_summary_tells_the_story_of_the_session()
    {
        var summary = await SummaryAsync(FixSession);

        Assert.Equal("Fix the failing SessionEndTests: ending a session twice creates two summary jobs", summary.Request);
        Assert.Contains("src/ClaudeMem.Http/Sessions/EndSession.cs", summary.Investigated, StringComparison.Ordinal);
        Assert.Contains("`EnqueueSummary in src`", summary.Investigated, StringComparison.Ordinal);
        Assert.Contains("Assert.Single() Failure", summary.Learned, StringComparison.Ordinal);
        Assert.Contains("Modified 1 file: src/ClaudeMem.Http/Sessions/EndSession.cs", summary.Completed, StringComparison.Ordinal);
        Assert.Contains("Ran successfully: `dotnet test tests/ClaudeMem.Http.Tests --filter SessionEndTests`", summary.Completed, StringComparison.Ordinal);
        Assert.Null(summary.NextSteps);
        Assert.Contains("5 tool calls from 2026-11-23 14:00 to 14:06 UTC", summary.Notes, StringComparison.Ordinal);
        Assert.Contains("EndSession now derives the summary job id", summary.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_steps_name_the_last_failure()
    {
        var summary = await SummaryAsync(FixSession[..4]);

        Assert.StartsWith("Resolve the failure of `dotnet test tests/ClaudeMem.Http.Tests --filter SessionEndTests`", summary.NextSteps, StringComparison.Ordinal);
        Assert.Null(summary.Completed);
    }

    [Fact]
    public async Task Next_steps_ask_to_rerun_a_failed_command_after_the_edits_meant_to_fix_it()
    {
        var summary = await SummaryAsync(FixSession[..5]);

        Assert.StartsWith("Re-run `dotnet test tests/ClaudeMem.Http.Tests --filter SessionEndTests` to check whether the edits to src/ClaudeMem.Http/Sessions/EndSession.cs fixed", summary.NextSteps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_steps_ask_to_verify_edits_no_command_ran_after()
    {
        var summary = await SummaryAsync(UserPrompt("Rename the option"), Edit(Cwd + "/src/A.cs", "x", "y"), Edit(Cwd + "/src/B.cs", "x", "y", minute: 3));

        Assert.Equal("Build or test the changes to src/A.cs, src/B.cs: no command ran after the last edit.", summary.NextSteps);
    }

    [Fact]
    public async Task Output_is_deterministic()
    {
        var request = GenerationPrompts.ForSummary(FixSession, PromptOptions.Default);

        var first = await Provider.CompleteAsync(request, CancellationToken.None);
        var second = await Provider.CompleteAsync(request with { }, CancellationToken.None);

        Assert.Equal(first.Value, second.Value);
    }

    [Fact]
    public async Task The_request_can_come_from_context_while_context_tools_are_not_observed_again()
    {
        var result = await Generator.GenerateObservationsAsync(
            Provider,
            [Edit(Cwd + "/src/Search.cs", "Rank()", "RankCd()", minute: 9)],
            [UserPrompt("Fix the ranking of search results", minute: 1), Read(Cwd + "/src/Other.cs", 10, minute: 2)],
            PromptOptions.Default,
            CancellationToken.None);

        var observation = Assert.Single(result.Value!);
        Assert.Equal(ObservationTypes.Bugfix, observation.Type);
        Assert.Contains("Fix the ranking of search results", observation.Narrative, StringComparison.Ordinal);
        Assert.Equal(["src/Search.cs"], observation.FilesModified);
    }
}
