using System.Text.RegularExpressions;

namespace ClaudeMem.Generation.Providers;

/// <summary>What one Claude Code tool call did, read from its hook payload.</summary>
internal sealed record ToolActivity(
    string ToolName,
    DateTimeOffset OccurredAt,
    ToolCategory Category,
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesModified,
    string? Command,
    string? Search,
    string? Error,
    string? Purpose,
    IReadOnlyList<string> Facts)
{
    public string Subject => FilesModified.FirstOrDefault() ?? FilesRead.FirstOrDefault() ?? Command ?? Search ?? ToolName;
}
