using System.Text.Json;
using ClaudeMem.Events.Memories;

namespace ClaudeMem.Http.Memories;

public sealed record AddMemoryRequest(
    string? ProjectId,
    Guid? SessionId,
    string? Type,
    string? Title,
    string? Subtitle,
    string? Text,
    IReadOnlyList<string>? Facts,
    IReadOnlyList<string>? Concepts,
    IReadOnlyList<string>? Files,
    JsonElement? Metadata,
    string? Content = null,
    string? Kind = null,
    Guid? ServerSessionId = null)
{
    public const int DerivedTitleChars = 120;

    /// <summary>
    /// The TypeScript server's body (<c>content</c>, <c>kind</c>, <c>serverSessionId</c>) mapped onto ours:
    /// the title is the content's first line, a kind that names an observation type becomes the type,
    /// any other kind is kept in the metadata.
    /// </summary>
    public AddMemoryRequest Normalized()
    {
        if (Content is null && Kind is null && ServerSessionId is null) return this;
        var text = Text ?? Content;
        var firstLine = text?.Trim().Split('\n', 2)[0].Trim();
        var title = Title ?? (firstLine is null ? null : firstLine.Length <= DerivedTitleChars ? firstLine : firstLine[..DerivedTitleChars]);
        var kindIsType = Kind is not null && ObservationTypes.All.Contains(Kind);
        var metadata = Metadata;
        if (Kind is not null && !kindIsType)
        {
            var merged = Metadata is { ValueKind: JsonValueKind.Object } m
                ? System.Text.Json.Nodes.JsonObject.Create(m)! : new System.Text.Json.Nodes.JsonObject();
            merged["kind"] = Kind;
            metadata = JsonSerializer.SerializeToElement(merged);
        }
        return this with { Title = title, Text = text, Type = Type ?? (kindIsType ? Kind : null), SessionId = SessionId ?? ServerSessionId, Metadata = metadata };
    }
}
