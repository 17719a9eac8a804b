using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using ClaudeMem.Client.Api;
using ClaudeMem.Client.Privacy;

namespace ClaudeMem.Client.Hooks;

/// <summary>
/// Turns one hook invocation into the requests the server should get. Pure: everything that
/// leaves the machine is built (and privacy-stripped) here, with ids that make a replay a no-op.
/// </summary>
public static class HookRequests
{
    public const string EventsPath = "/v1/events";
    /// <summary>A summary of the session so far, without ending it (a later one supersedes it).</summary>
    public const string SummarizePath = "/v1/sessions/summarize";
    /// <summary>Ends a session found by Claude's session id (the route the TypeScript hooks call).</summary>
    public const string EndByContentSessionPath = "/api/sessions/summarize";

    public sealed record Plan(IReadOnlyList<OutgoingRequest> Requests, string? Skipped = null)
    {
        public static Plan Skip(string why) => new([], why);
    }

    public static Plan For(string hookEvent, HookInput input, ProjectIdentity project, ClientConfig config, long nowEpoch)
    {
        if (string.IsNullOrEmpty(input.SessionId)) return Plan.Skip("no session_id on stdin");
        var startBody = StartSessionBody(project.Name, input);
        switch (hookEvent)
        {
            case HookEvents.UserPromptSubmit:
            {
                var prompt = input.Prompt is null ? null : PrivatePayload.Clean(input.Prompt);
                if (string.IsNullOrWhiteSpace(prompt)) return Plan.Skip("the prompt is empty or entirely private");
                var id = "prompt-" + Hash(input.SessionId, prompt, nowEpoch.ToString());
                return new([Event(project.Name, input.SessionId, hookEvent, nowEpoch, id, startBody, w => w.WriteString("prompt", prompt))]);
            }
            case HookEvents.PostToolUse:
            {
                var tool = input.ToolName;
                if (string.IsNullOrEmpty(tool)) return Plan.Skip("no tool_name on stdin");
                if (config.SkipTools.Contains(tool) || tool.StartsWith(HookEvents.OwnMcpToolPrefix, StringComparison.Ordinal))
                    return Plan.Skip($"tool {tool} is skipped");
                var id = input.ToolUseId is { Length: > 0 } toolUseId
                    ? toolUseId
                    : "tool-" + Hash(input.SessionId, tool, input.ToolInput?.GetRawText() ?? "", input.ToolResponse?.GetRawText() ?? "");
                return new([Event(project.Name, input.SessionId, hookEvent, nowEpoch, id, startBody, w =>
                {
                    w.WriteString("tool_name", tool);
                    w.WritePropertyName("tool_input");
                    PrivatePayload.Write(w, input.ToolInput ?? default);
                    w.WritePropertyName("tool_response");
                    PrivatePayload.Write(w, input.ToolResponse ?? default);
                    if (input.Cwd is not null) w.WriteString("cwd", input.Cwd);
                    if (input.ToolUseId is not null) w.WriteString("tool_use_id", input.ToolUseId);
                })]);
            }
            case HookEvents.Stop:
            {
                var message = input.LastAssistantMessage ?? Transcript.LastAssistantMessage(input.TranscriptPath);
                var cleaned = message is null ? "" : PrivatePayload.Clean(message);
                var checkpoint = "stop-" + Hash(input.SessionId, cleaned, nowEpoch.ToString());
                var requests = new List<OutgoingRequest>(2);
                if (!string.IsNullOrWhiteSpace(cleaned))
                    requests.Add(Event(project.Name, input.SessionId, hookEvent, nowEpoch, checkpoint, startBody,
                        w => w.WriteString("last_assistant_message", cleaned)));
                requests.Add(new OutgoingRequest("POST", SummarizePath, Json(w =>
                {
                    w.WriteString("projectId", project.Name);
                    w.WriteString("contentSessionId", input.SessionId);
                    w.WriteString("checkpointId", checkpoint);
                }), startBody));
                return new(requests);
            }
            case HookEvents.SessionEnd:
                return new([new OutgoingRequest("POST", EndByContentSessionPath, Json(w => w.WriteString("contentSessionId", input.SessionId)), startBody)]);
            default:
                return Plan.Skip($"nothing to record for {hookEvent}");
        }
    }

    /// <summary>GET /v1/context/session-start for the project under all its names.</summary>
    public static string SessionStartContextPath(ProjectIdentity project) =>
        "/v1/context/session-start?projects=" + string.Join(",", project.AllNames.Select(Uri.EscapeDataString));

    public static string StartSessionBody(string projectId, HookInput input) => Json(w =>
    {
        w.WriteString("projectId", projectId);
        w.WriteString("contentSessionId", input.SessionId);
        w.WriteString("platformSource", HookEvents.PlatformSource);
        w.WriteString("agentType", HookEvents.AgentType);
        if (input.Cwd is not null)
        {
            w.WriteStartObject("metadata");
            w.WriteString("cwd", input.Cwd);
            w.WriteEndObject();
        }
    });

    private static OutgoingRequest Event(string projectId, string sessionId, string eventType, long nowEpoch, string sourceEventId,
        string startBody, Action<Utf8JsonWriter> payload) =>
        new("POST", EventsPath, Json(w =>
        {
            w.WriteString("projectId", projectId);
            w.WriteString("contentSessionId", sessionId);
            w.WriteString("sourceType", HookEvents.SourceType);
            w.WriteString("eventType", eventType);
            w.WriteNumber("occurredAtEpoch", nowEpoch);
            w.WriteString("sourceEventId", sourceEventId);
            w.WriteStartObject("payload");
            payload(w);
            w.WriteEndObject();
        }), startBody);

    public static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A stable id from the parts: 32 hex characters of XXH3-128, whose output is fixed by its specification.</summary>
    public static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(string.Join('\0', parts))));
}
