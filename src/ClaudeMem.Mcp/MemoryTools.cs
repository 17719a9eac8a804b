using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ClaudeMem.Client.Hooks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ClaudeMem.Mcp;

/// <summary>
/// The memory tools. Each one is a call to the server's HTTP API; the answer comes back as a
/// compact text index for the model and as the server's JSON (structured content) for programs.
/// </summary>
[McpServerToolType]
public sealed class MemoryTools(McpBackend backend)
{
    public const int MaxIds = 100;
    public static readonly string[] OrderByValues = ["relevance", "date_desc", "date_asc"];
    public static readonly string[] KindValues = ["observation", "summary", "memory", "prompt"];

    [McpServerTool(Name = "search", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Step 1: search memory. Returns a compact index (id, time, kind/type, title) ranked by relevance; fetch full records with get_observations. Give a query, or filters only (then newest first).")]
    public async Task<CallToolResult> Search(
        [Description("Words in web-search syntax: words, \"quoted phrases\", or, -excluded. Omit to list by filters only.")] string? query = null,
        [Description("Projects to search (e.g. a repository and its worktree names). Default: the current project.")] string[]? projects = null,
        [Description("Record kinds: observation, summary, memory, prompt. Default: all.")] string[]? kinds = null,
        [Description("Observation types, e.g. bugfix, feature, decision, discovery, change, refactor.")] string[]? types = null,
        [Description("Concepts; prefix match, e.g. 'gotcha' matches 'gotcha: stale cache'.")] string[]? concepts = null,
        [Description("File paths or folder prefixes the records read or modified.")] string[]? files = null,
        [Description("Only records of this server session id.")] string? sessionId = null,
        [Description("Earliest creation time: epoch milliseconds or ISO 8601.")] string? dateStart = null,
        [Description("Latest creation time: epoch milliseconds or ISO 8601.")] string? dateEnd = null,
        [Description("relevance (default with a query), date_desc or date_asc.")] string? orderBy = null,
        [Description("Results to return, 1 to 100; default 20.")] int? limit = null,
        [Description("Results to skip, for paging; default 0.")] int? offset = null,
        CancellationToken ct = default)
    {
        if (orderBy is not null && !OrderByValues.Contains(orderBy)) throw new McpException($"orderBy must be one of {string.Join(", ", OrderByValues)}, got '{orderBy}'");
        CheckKinds(kinds);
        CheckRange(limit, "limit", 1, 100);
        CheckRange(offset, "offset", 0, int.MaxValue);
        var body = HookRequests.Json(w =>
        {
            WriteProjects(w, backend.ProjectsOr(projects));
            if (query is not null) w.WriteString("query", query);
            WriteList(w, "kinds", kinds);
            WriteList(w, "types", types);
            WriteList(w, "concepts", concepts);
            WriteList(w, "files", files);
            if (sessionId is not null) w.WriteString("sessionId", sessionId);
            if (dateStart is not null) w.WriteString("dateStart", dateStart);
            if (dateEnd is not null) w.WriteString("dateEnd", dateEnd);
            if (orderBy is not null) w.WriteString("orderBy", orderBy);
            if (limit is not null) w.WriteNumber("limit", limit.Value);
            if (offset is not null) w.WriteNumber("offset", offset.Value);
        });
        var answer = await backend.PostAsync("/v1/search", body, ct);
        return Result(ResultIndex(answer, "results", "no matches"), answer);
    }

    [McpServerTool(Name = "recent", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The newest records of the project(s), newest first, as a compact index (id, time, kind/type, title).")]
    public async Task<CallToolResult> Recent(
        [Description("Projects to list. Default: the current project.")] string[]? projects = null,
        [Description("Record kinds: observation, summary, memory, prompt. Default: observation, summary, memory.")] string[]? kinds = null,
        [Description("Records to return, 1 to 100; default 10.")] int? limit = null,
        CancellationToken ct = default)
    {
        CheckKinds(kinds);
        CheckRange(limit, "limit", 1, 100);
        var body = HookRequests.Json(w =>
        {
            WriteProjects(w, backend.ProjectsOr(projects));
            WriteList(w, "kinds", kinds is { Length: > 0 } ? kinds : ["observation", "summary", "memory"]);
            w.WriteString("orderBy", "date_desc");
            w.WriteNumber("limit", limit ?? 10);
        });
        var answer = await backend.PostAsync("/v1/search", body, ct);
        return Result(ResultIndex(answer, "results", "nothing recorded yet"), answer);
    }

    [McpServerTool(Name = "timeline", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Step 2: what happened around a record, in time order: observations, summaries and prompts before and after an anchor (marked with >).")]
    public async Task<CallToolResult> Timeline(
        [Description("The anchor: an observation id, a session id, or a time in epoch milliseconds. Give this or query.")] string? anchor = null,
        [Description("Find the anchor by search instead: the best match becomes the anchor.")] string? query = null,
        [Description("Records before the anchor, 0 to 100; default 10.")] int? before = null,
        [Description("Records after the anchor, 0 to 100; default 10.")] int? after = null,
        [Description("Projects to cover. Default: the current project.")] string[]? projects = null,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(anchor) && string.IsNullOrWhiteSpace(query)) throw new McpException("give anchor (an id or epoch ms) or query");
        CheckRange(before, "before", 0, 100);
        CheckRange(after, "after", 0, 100);
        var path = new StringBuilder("/v1/timeline?projects=").Append(string.Join(",", backend.ProjectsOr(projects).Select(Uri.EscapeDataString)));
        if (!string.IsNullOrWhiteSpace(anchor)) path.Append("&anchor=").Append(Uri.EscapeDataString(anchor));
        if (!string.IsNullOrWhiteSpace(query)) path.Append("&query=").Append(Uri.EscapeDataString(query));
        if (before is not null) path.Append("&before=").Append(before.Value);
        if (after is not null) path.Append("&after=").Append(after.Value);
        var answer = await backend.GetAsync(path.ToString(), ct);
        return Result(ResultIndex(answer, "items", "nothing around this anchor"), answer);
    }

    [McpServerTool(Name = "get_observations", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Step 3: the full records for ids found with search or timeline, in the order asked (at most 100).")]
    public async Task<CallToolResult> GetObservations(
        [Description("Observation ids, 1 to 100.")] string[] ids,
        CancellationToken ct = default)
    {
        if (ids is null || ids.Length is 0 or > MaxIds) throw new McpException($"ids must hold 1 to {MaxIds} ids");
        var body = HookRequests.Json(w => WriteList(w, "ids", ids));
        var answer = await backend.PostAsync("/v1/observations/batch", body, ct);
        var text = new StringBuilder();
        foreach (var o in Items(answer, "observations"))
        {
            text.Append(IndexLine(o)).Append('\n');
            foreach (var field in new[] { "subtitle", "narrative", "text" })
                if (String(o, field) is { Length: > 0 } value) text.Append("  ").Append(value.ReplaceLineEndings("\n  ")).Append('\n');
            if (o.TryGetProperty("facts", out var facts) && facts.ValueKind == JsonValueKind.Array)
                foreach (var fact in facts.EnumerateArray()) text.Append("  - ").Append(fact.ToString()).Append('\n');
        }
        return Result(text.Length == 0 ? "no observations with these ids" : text.ToString(), answer);
    }

    [McpServerTool(Name = "add_memory", Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Record a memory by hand (a decision, a gotcha, a fact worth keeping). Needs an API key with memories:write.")]
    public async Task<CallToolResult> AddMemory(
        [Description("A short title, at most 500 characters.")] string title,
        [Description("The memory itself.")] string text,
        [Description("One of the observation types: bugfix, feature, refactor, change, discovery, decision. Optional.")] string? type = null,
        [Description("A one-line subtitle. Optional.")] string? subtitle = null,
        [Description("Short facts, each a sentence. Optional.")] string[]? facts = null,
        [Description("Concepts it is about. Optional.")] string[]? concepts = null,
        [Description("Files it concerns. Optional.")] string[]? files = null,
        [Description("The project to record it under. Default: the current project.")] string? project = null,
        CancellationToken ct = default)
    {
        var projectId = project ?? backend.ProjectsOr(null)[0];
        var body = HookRequests.Json(w =>
        {
            w.WriteString("projectId", projectId);
            w.WriteString("title", title);
            w.WriteString("text", text);
            if (type is not null) w.WriteString("type", type);
            if (subtitle is not null) w.WriteString("subtitle", subtitle);
            WriteList(w, "facts", facts);
            WriteList(w, "concepts", concepts);
            WriteList(w, "files", files);
        });
        var answer = await backend.PostAsync("/v1/memories", body, ct);
        var memory = answer.TryGetProperty("memory", out var m) ? m : answer;
        return Result($"recorded memory {String(memory, "id")} in {projectId}: {title}", answer);
    }

    [McpServerTool(Name = "context", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The context block for the project(s): recent observations by day and the latest summary, as shown at session start. With a query: matching observations as text.")]
    public async Task<CallToolResult> Context(
        [Description("Optional words to look for; without it, the session-start block.")] string? query = null,
        [Description("Projects to cover. Default: the current project.")] string[]? projects = null,
        [Description("With a query: observations to include, 1 to 100.")] int? limit = null,
        CancellationToken ct = default)
    {
        CheckRange(limit, "limit", 1, 100);
        var body = HookRequests.Json(w =>
        {
            WriteProjects(w, backend.ProjectsOr(projects));
            if (query is not null) w.WriteString("query", query);
            if (limit is not null) w.WriteNumber("limit", limit.Value);
        });
        var answer = await backend.PostAsync("/v1/context", body, ct);
        return Result(String(answer, "context") ?? answer.GetRawText(), answer);
    }

    private static CallToolResult Result(string text, JsonElement structured) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = structured.ValueKind == JsonValueKind.Object ? structured : null,
    };

    /// <summary>One line per record: `id  2026-11-28 14:05  kind/type  title` (the anchor marked with &gt;).</summary>
    private static string ResultIndex(JsonElement answer, string list, string empty)
    {
        var text = new StringBuilder();
        foreach (var item in Items(answer, list)) text.Append(IndexLine(item)).Append('\n');
        if (String(answer, "matchMode") is { } mode && mode != "fulltext") text.Append($"(matched by {mode})\n");
        return text.Length == 0 ? empty : text.ToString();
    }

    private static string IndexLine(JsonElement item)
    {
        var anchor = item.TryGetProperty("isAnchor", out var a) && a.ValueKind == JsonValueKind.True ? "> " : "";
        var when = item.TryGetProperty("createdAtEpoch", out var t) && t.TryGetInt64(out var epoch)
            ? DateTimeOffset.FromUnixTimeMilliseconds(epoch).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : "";
        var kind = String(item, "kind") is { } k ? String(item, "type") is { Length: > 0 } type ? $"{k}/{type}" : k : String(item, "type") ?? "";
        var title = String(item, "title") ?? String(item, "snippet") ?? "";
        return $"{anchor}{String(item, "id")}  {when}  {kind}  {title.ReplaceLineEndings(" ")}".TrimEnd();
    }

    private static IEnumerable<JsonElement> Items(JsonElement answer, string list) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    private static void CheckKinds(string[]? kinds)
    {
        if (kinds?.FirstOrDefault(k => !KindValues.Contains(k)) is { } bad)
            throw new McpException($"kinds may hold {string.Join(", ", KindValues)}; got '{bad}'");
    }

    private static void CheckRange(int? value, string name, int min, int max)
    {
        if (value is { } v && (v < min || v > max)) throw new McpException($"{name} must be {min} to {max}, got {v}");
    }

    private static void WriteProjects(Utf8JsonWriter w, IReadOnlyList<string> projects) => WriteList(w, "projects", projects);

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
