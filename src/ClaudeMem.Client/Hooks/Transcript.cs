using System.Text;
using System.Text.Json;

namespace ClaudeMem.Client.Hooks;

/// <summary>Reads the agent's last answer from Claude Code's transcript (JSON lines, newest last).</summary>
public static class Transcript
{
    /// <summary>Only the file's tail is read: transcripts grow to megabytes and the answer is at the end.</summary>
    public const int TailBytes = 512 * 1024;

    public static string? LastAssistantMessage(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
        string tail;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - TailBytes);
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            tail = Encoding.UTF8.GetString(buffer);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }

        var lines = tail.Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (TextOfAssistantLine(lines[i]) is { Length: > 0 } text) return text;
        }
        return null;
    }

    /// <summary>{"type":"assistant","message":{"content":[{"type":"text","text":"..."}, ...]}} -> the text parts joined.</summary>
    private static string? TextOfAssistantLine(string line)
    {
        if (!line.Contains("\"assistant\"", StringComparison.Ordinal)) return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueEquals("assistant") == false) return null;
            if (!root.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content)) return null;
            if (content.ValueKind == JsonValueKind.String) return content.GetString();
            if (content.ValueKind != JsonValueKind.Array) return null;
            var parts = content.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("type", out var t) && t.ValueEquals("text") && c.TryGetProperty("text", out _))
                .Select(c => c.GetProperty("text").GetString())
                .Where(t => !string.IsNullOrWhiteSpace(t));
            var joined = string.Join("\n", parts);
            return joined.Length > 0 ? joined : null;
        }
        catch (JsonException) { return null; } // a partial first line of the tail
    }
}
