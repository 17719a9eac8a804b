using System.Globalization;
using System.Text.Json;
using ClaudeMem.Generation.Prompts;

namespace ClaudeMem.Generation.Tests;

/// <summary>Realistic Claude Code hook payloads, shaped as the hooks send them.</summary>
internal static class HookEvents
{
    public const string Cwd = "/home/dev/claude-mem";
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-23T14:00:00Z", CultureInfo.InvariantCulture);

    public static PromptEvent UserPrompt(string prompt, int minute = 0) =>
        Event("UserPromptSubmit", minute, new JsonObject
        {
            ["session_id"] = "3f1c9a0e-sess",
            ["hook_event_name"] = "UserPromptSubmit",
            ["cwd"] = Cwd,
            ["prompt"] = prompt,
        });

    public static PromptEvent Tool(string toolName, JsonObject input, JsonNode? response, int minute = 1) =>
        Event("PostToolUse", minute, new JsonObject
        {
            ["session_id"] = "3f1c9a0e-sess",
            ["hook_event_name"] = "PostToolUse",
            ["cwd"] = Cwd,
            ["tool_name"] = toolName,
            ["tool_input"] = input,
            ["tool_response"] = response,
            ["tool_use_id"] = $"toolu_{toolName}_{minute}",
        });

    public static PromptEvent Read(string path, int totalLines, int minute = 1) =>
        Tool("Read", new JsonObject { ["file_path"] = path }, new JsonObject
        {
            ["type"] = "text",
            ["file"] = new JsonObject { ["filePath"] = path, ["content"] = "namespace X;\n", ["numLines"] = totalLines, ["startLine"] = 1, ["totalLines"] = totalLines },
        }, minute);

    public static PromptEvent Edit(string path, string oldText, string newText, int minute = 2) =>
        Tool("Edit", new JsonObject { ["file_path"] = path, ["old_string"] = oldText, ["new_string"] = newText, ["replace_all"] = false },
            new JsonObject { ["filePath"] = path, ["oldString"] = oldText, ["newString"] = newText, ["userModified"] = false }, minute);

    public static PromptEvent Bash(string command, string stdout, string stderr = "", int? exitCode = null, int minute = 3)
    {
        var response = new JsonObject { ["stdout"] = stdout, ["stderr"] = stderr, ["interrupted"] = false, ["isImage"] = false };
        if (exitCode is { } code)
        {
            response["exit_code"] = code;
        }

        return Tool("Bash", new JsonObject { ["command"] = command, ["description"] = "Run the test suite" }, response, minute);
    }

    public static PromptEvent Stop(string lastMessage, int minute) =>
        Event("Stop", minute, new JsonObject { ["hook_event_name"] = "Stop", ["cwd"] = Cwd, ["last_assistant_message"] = lastMessage });

    public static PromptEvent Event(string type, int minute, JsonNode payload) =>
        new(type, Start.AddMinutes(minute), JsonSerializer.SerializeToElement(payload));
}
