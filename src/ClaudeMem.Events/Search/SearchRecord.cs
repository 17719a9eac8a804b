namespace ClaudeMem.Events.Search;

/// <summary>
/// One searchable record as the projection writes it. Text is split by weight:
/// title (A) > subtitle and facts (B) > narrative and text (C) > files and concepts (D).
/// </summary>
public sealed record SearchRecord(
    Guid Id, string TeamId, string ProjectId, Guid? SessionId, string Kind, string? Type,
    string Title, string? Subtitle, IReadOnlyList<string> Concepts, IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesModified, long CreatedAtEpoch, string WeightB, string WeightC)
{
    /// <summary>The text shown in snippets and matched by the substring fallback, without NUL (PostgreSQL text cannot hold it).</summary>
    public string Body()
    {
        var parts = new[] { Title, Subtitle, WeightB, WeightC, string.Join(' ', FilesRead.Concat(FilesModified)) }
            .Where(p => !string.IsNullOrWhiteSpace(p));
        var body = Clean(string.Join('\n', parts));
        return body.Length <= SearchRecordsTable.MaxBodyChars ? body : body[..SearchRecordsTable.MaxBodyChars];
    }

    public object[] UpsertArguments() =>
    [
        Id, Clean(TeamId), Clean(ProjectId), (object?)SessionId ?? DBNull.Value, Kind, Type is null ? DBNull.Value : Clean(Type), Clean(Title),
        Subtitle is null ? DBNull.Value : Clean(Subtitle),
        Concepts.Select(Clean).ToArray(), FilesRead.Select(Clean).ToArray(), FilesModified.Select(Clean).ToArray(),
        CreatedAtEpoch, Body(),
        Clean(Title), Clean($"{Subtitle}\n{WeightB}"), Clean(WeightC),
        Clean(string.Join(' ', Concepts.Concat(FilesRead).Concat(FilesModified))),
        FilterTokens.Of(Kind, Type, Concepts, FilesRead.Concat(FilesModified)),
    ];

    /// <summary>PostgreSQL text rejects NUL; it carries no meaning for search, so it becomes a space.</summary>
    public static string Clean(string text) => text.Contains('\0') ? text.Replace('\0', ' ') : text;
}
