using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using ClaudeMem.Generation.Parsing;
using X = ClaudeMem.Generation.Parsing.GenerationXml;

namespace ClaudeMem.Generation.Providers;

/// <summary>
/// Generation without an LLM, key or network: observations and a summary derived
/// deterministically from the session's tool calls (files read and modified, commands and their
/// outcome, errors, searches) and prompts.
/// </summary>
/// <remarks>
/// It answers with the same XML an LLM is asked for rather than with records, so that a local
/// run exercises the whole pipeline (prompt, provider seam, parser, storage) and a parser
/// regression shows up offline too; the cost, escaping text into XML, is a few lines.
/// </remarks>
public sealed partial class OfflineProvider : IGenerationProvider
{
    private const int RequestLength = 500;
    private const int ListedItems = 6;

    public string Name => ProviderNames.Offline;

    public Task<GenerationResult<string>> CompleteAsync(ProviderRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var session = SessionActivity.From(request.Events);
        var answer = request.Kind == JobKinds.Summary
            ? Summary(session)
            : Observations(session, SessionActivity.From(request.ContextEvents).UserPrompts.LastOrDefault());
        return Task.FromResult(GenerationResult<string>.Success(answer));
    }

    /// <param name="contextRequest">The user's latest prompt before these events, when the caller supplied it as context.</param>
    private static string Observations(SessionActivity session, string? contextRequest)
    {
        if (session.Tools.Count == 0)
        {
            return $"<{X.NoObservations}/>";
        }

        var request = session.UserPrompts.FirstOrDefault() ?? contextRequest;
        var xml = new StringBuilder();
        foreach (var tool in session.Tools)
        {
            AppendObservation(xml, tool, request);
        }

        return xml.ToString();
    }

    private static void AppendObservation(StringBuilder xml, ToolActivity tool, string? request)
    {
        var failed = tool.Error is not null;
        var (type, title, concepts) = (tool.Category, failed) switch
        {
            (ToolCategory.Modify, false) => (ChangeType(request), $"Changed {ToolReader.FileName(tool.Subject)}", new[] { ObservationConcepts.WhatChanged }),
            (ToolCategory.Modify, true) => (ObservationTypes.Discovery, $"{tool.ToolName} of {ToolReader.FileName(tool.Subject)} failed", new[] { ObservationConcepts.Gotcha }),
            (ToolCategory.Command, false) => (ObservationTypes.Discovery, $"Ran {Code(tool.Subject)}", new[] { ObservationConcepts.HowItWorks }),
            (ToolCategory.Command, true) => (ObservationTypes.Discovery, $"{Code(tool.Subject)} failed", new[] { ObservationConcepts.ProblemSolution, ObservationConcepts.Gotcha }),
            (ToolCategory.Read, _) => (ObservationTypes.Discovery, $"Read {ToolReader.FileName(tool.Subject)}", new[] { ObservationConcepts.HowItWorks }),
            (ToolCategory.Search, _) => (ObservationTypes.Discovery, $"Searched for {Code(tool.Subject)}", new[] { ObservationConcepts.HowItWorks }),
            (ToolCategory.Web, _) => (ObservationTypes.Discovery, $"Looked up {tool.Subject}", new[] { ObservationConcepts.HowItWorks }),
            (ToolCategory.Delegate, _) => (ObservationTypes.Discovery, $"Delegated: {tool.Subject}", new[] { ObservationConcepts.HowItWorks }),
            _ => (ObservationTypes.Discovery, failed ? $"{tool.ToolName} failed" : $"Used {tool.ToolName}", new[] { ObservationConcepts.HowItWorks }),
        };

        var modified = failed ? [] : tool.FilesModified;
        var facts = failed && !tool.Facts.Contains(ToolReader.ErrorFact(tool.Error!))
            ? tool.Facts.Append(ToolReader.ErrorFact(tool.Error!)).ToList()
            : tool.Facts.ToList();

        xml.AppendLine($"<{X.Observation}>");
        Element(xml, X.Type, type);
        Element(xml, X.Title, HookPayload.Clip(title, 100));
        Element(xml, X.Subtitle, Subtitle(tool, failed));
        List(xml, X.Facts, X.Fact, facts);
        Element(xml, X.Narrative, Narrative(tool, failed, request));
        List(xml, X.Concepts, X.Concept, concepts);
        List(xml, X.FilesRead, X.File, tool.FilesRead);
        List(xml, X.FilesModified, X.File, modified);
        xml.AppendLine($"</{X.Observation}>");
    }

    /// <summary>The user's own words decide between a fix, a refactor, a feature and a plain change.</summary>
    private static string ChangeType(string? request) => request switch
    {
        null => ObservationTypes.Change,
        _ when FixWords().IsMatch(request) => ObservationTypes.Bugfix,
        _ when RefactorWords().IsMatch(request) => ObservationTypes.Refactor,
        _ when FeatureWords().IsMatch(request) => ObservationTypes.Feature,
        _ => ObservationTypes.Change,
    };

    [GeneratedRegex(@"\b(?:fix\w*|bugs?|broken|crash\w*|regression)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FixWords();

    [GeneratedRegex(@"\b(?:refactor\w*|renam\w*|clean\s*up|simplif\w*|extract\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RefactorWords();

    [GeneratedRegex(@"\b(?:add|adds|adding|implement\w*|feature|support|introduce\w*|create)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FeatureWords();

    private static string Subtitle(ToolActivity tool, bool failed) => failed
        ? ToolReader.ErrorFact(tool.Error!)
        : tool.Purpose ?? tool.Facts.FirstOrDefault(f => !f.StartsWith("Command: ", StringComparison.Ordinal)) ?? $"{tool.ToolName} on {tool.Subject}";

    /// <summary>One sentence of context: when, for which request, and what happened; the facts carry the details.</summary>
    private static string Narrative(ToolActivity tool, bool failed, string? request)
    {
        var when = tool.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var context = request is null ? $"At {when}" : $"While working on \"{HookPayload.Clip(request, 200)}\" ({when})";
        var action = (tool.Category, failed) switch
        {
            (ToolCategory.Modify, false) => $"the agent changed {Listed(tool.FilesModified)}",
            (ToolCategory.Modify, true) => $"an attempt to change {tool.Subject} with {tool.ToolName} failed: {tool.Error}",
            (ToolCategory.Command, false) => $"the agent ran {Code(tool.Subject)}{(tool.Purpose is null ? string.Empty : $" to {LowerFirst(tool.Purpose)}")} and it succeeded",
            (ToolCategory.Command, true) => $"{Code(tool.Subject)} failed: {tool.Error}",
            (ToolCategory.Read, _) => $"the agent read {Listed(tool.FilesRead)}",
            (ToolCategory.Search, _) => $"the agent searched for {Code(tool.Subject)}",
            (_, true) => $"{tool.ToolName} failed on {tool.Subject}: {tool.Error}",
            _ => $"the agent used {tool.ToolName} on {tool.Subject}",
        };
        var detail = tool.Facts.FirstOrDefault(f => !f.StartsWith("Command: ", StringComparison.Ordinal) && !f.StartsWith("Purpose: ", StringComparison.Ordinal) && !f.Contains(tool.Error ?? "\0", StringComparison.Ordinal));
        return $"{context}, {action}.{(detail is null ? string.Empty : $" {detail.TrimEnd('.')}.")}";
    }

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Summary(SessionActivity session)
    {
        var tools = session.Tools;
        var read = Distinct(tools.SelectMany(t => t.FilesRead));
        var modified = Distinct(tools.Where(t => t.Error is null).SelectMany(t => t.FilesModified));
        var searches = Distinct(tools.Where(t => t.Category is ToolCategory.Search or ToolCategory.Web).Select(t => t.Search!));
        var commands = tools.Where(t => t.Category == ToolCategory.Command).ToList();
        var failures = tools.Where(t => t.Error is not null).ToList();

        var investigated = Sentences(
            read.Count > 0 ? $"Read {Count(read.Count, "file")}: {Listed(read)}" : null,
            searches.Count > 0 ? $"Searched for {Listed(searches.Select(Code).ToList())}" : null);

        var learned = Sentences(failures.Select(f => $"{Code(f.Subject)} ({f.ToolName}) failed: {f.Error}").Take(ListedItems).ToArray());
        if (learned is null && tools.FirstOrDefault(t => t.Category == ToolCategory.Search && t.Facts.Count > 1) is { } search)
        {
            learned = search.Facts[1];
        }

        var succeeded = Distinct(commands.Where(c => c.Error is null).Select(c => c.Subject));
        var completed = Sentences(
            modified.Count > 0 ? $"Modified {Count(modified.Count, "file")}: {Listed(modified)}" : null,
            succeeded.Count > 0 ? $"Ran successfully: {Listed(succeeded.Select(Code).ToList())}" : null);

        var notes = Sentences(
            session.FirstAt is { } first && session.LastAt is { } last
                ? $"{Count(tools.Count, "tool call")} from {first.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} to {last.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC"
                : null,
            session.LastAssistantMessage is { } message ? $"Agent's last message: {HookPayload.Clip(message, RequestLength)}" : null,
            "Generated offline from tool events, without an LLM");

        var xml = new StringBuilder().AppendLine($"<{X.Summary}>");
        Element(xml, X.Request, session.UserPrompts.FirstOrDefault() is { } request ? HookPayload.Clip(request, RequestLength) : null);
        Element(xml, X.Investigated, investigated);
        Element(xml, X.Learned, learned);
        Element(xml, X.Completed, completed);
        Element(xml, X.NextSteps, NextSteps(tools));
        Element(xml, X.Notes, notes);
        return xml.AppendLine($"</{X.Summary}>").ToString();
    }

    private static string? NextSteps(IReadOnlyList<ToolActivity> tools)
    {
        var lastCommandIndex = LastIndex(tools, t => t.Category == ToolCategory.Command);
        var lastEditIndex = LastIndex(tools, t => t.Category == ToolCategory.Modify && t.Error is null);
        var lastCommand = lastCommandIndex < 0 ? null : tools[lastCommandIndex];

        if (lastEditIndex > lastCommandIndex)
        {
            var unverified = Listed(Distinct(tools.Skip(lastCommandIndex + 1).Where(t => t.Error is null).SelectMany(t => t.FilesModified)));
            return lastCommand?.Error is { } previousError
                ? $"Re-run {Code(lastCommand.Subject)} to check whether the edits to {unverified} fixed: {previousError}."
                : $"Build or test the changes to {unverified}: no command ran after the last edit.";
        }

        return lastCommand?.Error is { } error ? $"Resolve the failure of {Code(lastCommand.Subject)}: {error}." : null;
    }

    private static int LastIndex(IReadOnlyList<ToolActivity> tools, Func<ToolActivity, bool> predicate)
    {
        for (var i = tools.Count - 1; i >= 0; i--)
        {
            if (predicate(tools[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Element(StringBuilder xml, string tag, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            xml.AppendLine($"  <{tag}>{SecurityElement.Escape(text)}</{tag}>");
        }
    }

    private static void List(StringBuilder xml, string listTag, string itemTag, IReadOnlyCollection<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        xml.AppendLine($"  <{listTag}>");
        foreach (var item in items)
        {
            xml.AppendLine($"    <{itemTag}>{SecurityElement.Escape(item)}</{itemTag}>");
        }

        xml.AppendLine($"  </{listTag}>");
    }

    private static List<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.Ordinal).ToList();

    private static string Listed(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(ListedItems)) + (items.Count > ListedItems ? $" and {items.Count - ListedItems} more" : string.Empty);

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Code(string text) => $"`{HookPayload.Clip(text, 120)}`";

    private static string? Sentences(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.TrimEnd('.')).ToList();
        return present.Count == 0 ? null : string.Join(". ", present) + ".";
    }
}
