using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using static ClaudeMem.Generation.Providers.HookPayload;

namespace ClaudeMem.Generation.Providers;

/// <summary>Reads Claude Code PostToolUse payloads ({tool_name, tool_input, tool_response, cwd}) tool by tool.</summary>
internal static partial class ToolReader
{
    private const int FactLength = 240;
    private const int ListedFiles = 5;

    /// <summary>Tools that only manage the agent's own plan; nothing about the project to remember.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "TodoWrite", "TodoRead", "ExitPlanMode", "EnterPlanMode", "BashOutput", "KillShell", "KillBash", "AskUserQuestion", "ListMcpResourcesTool",
    };

    public static ToolActivity? Read(string toolName, DateTimeOffset occurredAt, JsonElement payload)
    {
        if (Ignored.Contains(toolName))
        {
            return null;
        }

        var input = Property(payload, ToolInput) ?? default;
        var response = Property(payload, ToolResponse) ?? default;
        var cwd = String(payload, Cwd);
        string? PathOf(params string[] names) =>
            names.Select(name => String(input, name)).FirstOrDefault(p => p is not null) is { } path ? Relative(path, cwd) : null;

        var error = ErrorOf(response);
        var facts = new List<string>();
        var purpose = String(input, "description") is { } description ? Clip(OneLine(description), FactLength) : null;
        ToolActivity Activity(ToolCategory category, string[]? read = null, string[]? modified = null, string? command = null, string? search = null) =>
            new(toolName, occurredAt, category, read ?? [], modified ?? [], command, search, error, purpose, facts);

        switch (toolName)
        {
            case "Read" or "NotebookRead" when PathOf("file_path", "notebook_path") is { } path:
            {
                var file = Property(response, "file") ?? default;
                var total = Int(file, "totalLines");
                var start = Int(file, "startLine") ?? Int(input, "offset");
                var count = Int(file, "numLines") ?? Int(input, "limit");
                facts.Add(total is { } lines
                    ? start is > 1 && count is { } n
                        ? $"{path} has {lines} lines; lines {start}-{start + n - 1} were read"
                        : $"{path} has {lines} lines"
                    : $"Read {path}");
                return Activity(ToolCategory.Read, read: [path]);
            }

            case "Edit" when PathOf("file_path") is { } path:
            {
                var oldLines = LineCount(String(input, "old_string"));
                var newLines = LineCount(String(input, "new_string"));
                var all = IsTrue(input, "replace_all") ? " (every occurrence)" : string.Empty;
                facts.Add($"{path}: replaced {Lines(oldLines)} with {Lines(newLines)}{all}");
                if (FirstCodeLine(String(input, "new_string")) is { } line)
                {
                    facts.Add($"New code in {FileName(path)}: {line}");
                }

                return Activity(ToolCategory.Modify, modified: [path]);
            }

            case "MultiEdit" when PathOf("file_path") is { } path:
            {
                var edits = Property(input, "edits") is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : 0;
                facts.Add($"{path}: {edits} edit{(edits == 1 ? string.Empty : "s")} applied in one change");
                return Activity(ToolCategory.Modify, modified: [path]);
            }

            case "Write" when PathOf("file_path") is { } path:
            {
                var created = String(response, "type") == "create";
                facts.Add($"{(created ? "Created" : "Rewrote")} {path} ({Lines(LineCount(String(input, "content")))})");
                return Activity(ToolCategory.Modify, modified: [path]);
            }

            case "NotebookEdit" when PathOf("notebook_path", "file_path") is { } path:
            {
                var mode = String(input, "edit_mode") ?? "replace";
                var cell = String(input, "cell_id") is { } id ? $" cell {id}" : string.Empty;
                facts.Add($"{path}: {mode}{cell}");
                return Activity(ToolCategory.Modify, modified: [path]);
            }

            case "Bash" when String(input, "command") is { } rawCommand:
            {
                var command = Clip(OneLine(rawCommand), FactLength);
                facts.Add($"Command: {command}");
                if (purpose is not null)
                {
                    facts.Add($"Purpose: {purpose}");
                }

                if (ExitCode(response) is { } exit)
                {
                    facts.Add($"Exit code: {exit.ToString(CultureInfo.InvariantCulture)}");
                }

                if (error is not null)
                {
                    facts.Add(ErrorFact(error));
                }
                else if (OutputTail(String(response, "stdout") ?? (response.ValueKind == JsonValueKind.String ? response.GetString() : null)) is { } output)
                {
                    facts.Add($"Output: {output}");
                }

                return Activity(ToolCategory.Command, command: command);
            }

            case "Grep" or "Glob" when String(input, "pattern") is { } pattern:
            {
                var where = PathOf("path") is { } path ? $" in {path}" : string.Empty;
                var filter = String(input, "glob") is { } glob ? $" (files {glob})" : string.Empty;
                var search = $"{pattern}{where}{filter}";
                var files = Property(response, "filenames") is { ValueKind: JsonValueKind.Array } names
                    ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => Relative(n.GetString()!, cwd)).ToList()
                    : [];
                var matches = Int(response, "numFiles") ?? files.Count;
                facts.Add($"{(toolName == "Grep" ? "Searched code for" : "Listed files matching")} {search}: {matches} file{(matches == 1 ? string.Empty : "s")}");
                if (files.Count > 0)
                {
                    facts.Add($"Matches: {string.Join(", ", files.Take(ListedFiles))}{(files.Count > ListedFiles ? $" and {files.Count - ListedFiles} more" : string.Empty)}");
                }

                return Activity(ToolCategory.Search, search: search);
            }

            case "WebFetch" when String(input, "url") is { } url:
                facts.Add($"Fetched {url}");
                if (String(input, "prompt") is { } question)
                {
                    facts.Add($"Looking for: {Clip(OneLine(question), FactLength)}");
                }

                return Activity(ToolCategory.Web, search: url);

            case "WebSearch" when String(input, "query") is { } query:
                facts.Add($"Searched the web for \"{Clip(OneLine(query), FactLength)}\"");
                return Activity(ToolCategory.Web, search: query);

            case "Task" or "Agent" when (String(input, "description") ?? String(input, "prompt")) is { } task:
                facts.Add($"Delegated to a {String(input, "subagent_type") ?? "sub"} agent: {Clip(OneLine(task), FactLength)}");
                return Activity(ToolCategory.Delegate, search: Clip(OneLine(task), FactLength));

            default:
                facts.Add($"Called {toolName}{InputSummary(input)}");
                if (error is not null)
                {
                    facts.Add(ErrorFact(error));
                }

                return Activity(ToolCategory.Other);
        }
    }

    /// <summary>The first telling line of a failure, or null when the tool call succeeded.</summary>
    private static string? ErrorOf(JsonElement response)
    {
        switch (response.ValueKind)
        {
            case JsonValueKind.String:
                var text = response.GetString()!;
                return ErrorText().IsMatch(text) ? TellingLine(text) : null;
            case JsonValueKind.Object:
                if (String(response, "error") is { } error)
                {
                    return TellingLine(error);
                }

                var stderr = String(response, "stderr");
                var failed = ExitCode(response) is { } code && code != 0
                             || IsTrue(response, "is_error", "isError", "interrupted");
                if (failed)
                {
                    return TellingLine(stderr ?? String(response, "stdout") ?? String(response, "content") ?? "failed without output");
                }

                // Without an exit code, stderr alone is often just progress or warnings; only an error-looking line counts.
                return stderr is not null && ErrorLine().Match(stderr) is { Success: true } line ? Clip(line.Value.Trim(), FactLength) : null;
            default:
                return null;
        }
    }

    /// <summary>"Error: ..." unless the line already says so itself.</summary>
    public static string ErrorFact(string error) =>
        error.StartsWith("error", StringComparison.OrdinalIgnoreCase) ? char.ToUpperInvariant(error[0]) + error[1..] : $"Error: {error}";

    private static int? ExitCode(JsonElement response)
    {
        if (response.ValueKind == JsonValueKind.Object)
        {
            return Int(response, "exit_code", "exitCode", "returnCode", "return_code", "code");
        }

        return response.ValueKind == JsonValueKind.String && ExitCodeText().Match(response.GetString()!) is { Success: true } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The line most likely to explain a failure: the first one naming an error, else the first non-blank one.</summary>
    private static string TellingLine(string text)
    {
        var line = ErrorLine().Match(text) is { Success: true } match
            ? match.Value
            : text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? text;
        return Clip(OneLine(line), FactLength);
    }

    private static string? OutputTail(string? stdout)
    {
        if (stdout is null)
        {
            return null;
        }

        // The end of a build or test run carries its verdict ("Passed! - Failed: 0 ...").
        var lines = stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(2).ToList();
        return lines.Count == 0 ? null : Clip(string.Join(" / ", lines), FactLength);
    }

    private static string? FirstCodeLine(string? code) =>
        code?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) is { } line ? Clip(line, 120) : null;

    private static string InputSummary(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var parts = input.EnumerateObject()
            .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            .Take(3)
            .Select(p => $"{p.Name}={Clip(OneLine(p.Value.ToString()), 60)}")
            .ToList();
        return parts.Count == 0 ? string.Empty : $" with {string.Join(", ", parts)}";
    }

    private static int LineCount(string? text) => string.IsNullOrEmpty(text) ? 0 : text.TrimEnd('\n').Split('\n').Length;

    private static string Lines(int count) => count == 1 ? "1 line" : $"{count} lines";

    public static string FileName(string path) => path.Split('/', '\\').LastOrDefault(p => p.Length > 0) ?? path;

    /// <summary>Paths under the session's working directory are shown relative to it: shorter and stable across machines.</summary>
    private static string Relative(string path, string? cwd)
    {
        if (cwd is null)
        {
            return path;
        }

        var root = cwd.TrimEnd('/') + "/";
        return path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length ? path[root.Length..] : path;
    }

    [GeneratedRegex(@"^\s*(?:Error\b|<tool_use_error>|Exit code [1-9])", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorText();

    [GeneratedRegex(@"Exit code (\d+)")]
    private static partial Regex ExitCodeText();

    [GeneratedRegex(@"^.*\b(?:error|exception|fatal|failed|traceback|panic)\b.*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
