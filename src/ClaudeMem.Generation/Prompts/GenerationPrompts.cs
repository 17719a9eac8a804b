using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using System.Globalization;
using System.Text;
using ClaudeMem.Generation.Parsing;
using ClaudeMem.Generation.Providers;
using X = ClaudeMem.Generation.Parsing.GenerationXml;

namespace ClaudeMem.Generation.Prompts;

/// <summary>Builds the two provider requests: observations of new events, and the summary of a session.</summary>
public static class GenerationPrompts
{
    /// <param name="events">The new events to record observations about (usually the one event of an observation job).</param>
    /// <param name="context">Earlier events of the session, such as its user prompt, shown for understanding only.</param>
    public static ProviderRequest ForObservations(
        IReadOnlyList<PromptEvent> events, PromptOptions options, IReadOnlyList<PromptEvent>? context = null) =>
        Build(JobKinds.Event, ObservationSystemPrompt, ObservationTask, events, context ?? [], options);

    /// <param name="events">The whole session, in time order.</param>
    public static ProviderRequest ForSummary(IReadOnlyList<PromptEvent> events, PromptOptions options) =>
        Build(JobKinds.Summary, SummarySystemPrompt, SummaryTask, events, [], options);

    private static ProviderRequest Build(
        string kind, string systemPrompt, string task,
        IReadOnlyList<PromptEvent> events, IReadOnlyList<PromptEvent> context, PromptOptions options)
    {
        var sanitizedEvents = Sanitize(events, options);
        var sanitizedContext = Sanitize(context, options);

        // Context is secondary: it may use a quarter of the budget, the events get the rest.
        var contextBudget = sanitizedContext.Count == 0 ? 0 : options.TotalCharBudget / 4;
        var user = new StringBuilder().AppendLine(task).AppendLine();
        if (sanitizedContext.Count > 0)
        {
            AppendSection(user, ContextSection, sanitizedContext, options.PayloadCharBudget, contextBudget, ContextNote);
        }

        AppendSection(user, EventsSection, sanitizedEvents, options.PayloadCharBudget, options.TotalCharBudget - contextBudget, note: null);
        return new ProviderRequest(kind, systemPrompt, user.ToString(), sanitizedEvents, sanitizedContext);
    }

    private static List<PromptEvent> Sanitize(IReadOnlyList<PromptEvent> events, PromptOptions options) =>
        events.Select(e => e with { Payload = PayloadRenderer.Sanitize(e.Payload, options.PayloadCharBudget) }).ToList();

    private static void AppendSection(
        StringBuilder user, string section, IReadOnlyList<PromptEvent> events, int payloadBudget, int sectionBudget, string? note)
    {
        var rendered = events.Select((e, i) => RenderEvent(e, i + 1, payloadBudget)).ToList();
        var noteAttribute = note is null ? string.Empty : $" note=\"{note}\"";
        user.AppendLine(CultureInfo.InvariantCulture, $"<{section} count=\"{events.Count}\"{noteAttribute}>");
        var previous = -1;
        foreach (var index in KeepWithinBudget(rendered, sectionBudget))
        {
            AppendOmitted(user, index - previous - 1);
            user.AppendLine(rendered[index]);
            previous = index;
        }

        // When not even the newest event fits beside the first, the gap is at the end: the model must still learn of it.
        AppendOmitted(user, rendered.Count - previous - 1);
        user.AppendLine($"</{section}>");
    }

    private static void AppendOmitted(StringBuilder user, int count)
    {
        if (count > 0)
        {
            user.AppendLine(CultureInfo.InvariantCulture, $"<omitted count=\"{count}\" reason=\"prompt budget\"/>");
        }
    }

    private const string EventsSection = "session_events";
    private const string ContextSection = "earlier_context";
    private const string ContextNote = "earlier in the session, for understanding only: record nothing about these";

    private static string RenderEvent(PromptEvent e, int number, int payloadBudget) =>
        $"<event n=\"{number}\" type=\"{System.Security.SecurityElement.Escape(e.EventType)}\" " +
        $"occurred=\"{e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\">\n" +
        $"{PayloadRenderer.Render(e.Payload, payloadBudget)}\n</event>";

    /// <summary>Indexes of the events to include: the first (it usually states the request), then the newest that fit.</summary>
    private static List<int> KeepWithinBudget(IReadOnlyList<string> rendered, int budget)
    {
        if (rendered.Count == 0)
        {
            return [];
        }

        var kept = new List<int> { 0 };
        var used = rendered[0].Length;
        for (var i = rendered.Count - 1; i > 0; i--)
        {
            if (used + rendered[i].Length > budget)
            {
                break;
            }

            used += rendered[i].Length;
            kept.Add(i);
        }

        kept.Sort();
        return kept;
    }

    private static readonly string TypeList = string.Join(", ", ObservationTypes.All);
    private static readonly string ConceptList = string.Join(", ", ObservationConcepts.All);

    private static readonly string ObservationSystemPrompt = $"""
        You are the memory of a coding agent. You watch the events of its session (user prompts,
        tool calls with their inputs and outputs) and record what a developer would want to
        remember in a later session: what was built, fixed, changed, decided or discovered, and
        why. Record durable knowledge about the project, not the mechanics of the session
        ("the agent read a file" is not worth remembering; what the file revealed is).

        Answer only with XML, one <{X.Observation}> block per distinct thing worth remembering:

        <{X.Observation}>
          <{X.Type}>one of: {TypeList}</{X.Type}>
          <{X.Title}>short title naming the subject, at most 80 characters</{X.Title}>
          <{X.Subtitle}>one sentence adding the key detail</{X.Subtitle}>
          <{X.Facts}>
            <{X.Fact}>a concise, self-contained statement (names, paths, values)</{X.Fact}>
          </{X.Facts}>
          <{X.Narrative}>a short paragraph: context, what happened, why it matters</{X.Narrative}>
          <{X.Concepts}>
            <{X.Concept}>one of: {ConceptList}</{X.Concept}>
          </{X.Concepts}>
          <{X.FilesRead}><{X.File}>path</{X.File}></{X.FilesRead}>
          <{X.FilesModified}><{X.File}>path</{X.File}></{X.FilesModified}>
        </{X.Observation}>

        If nothing in the events is worth remembering, answer exactly <{X.NoObservations}/>.
        Escape &, < and > inside text. Never copy secrets, keys or tokens into an observation.
        """;

    private static readonly string SummarySystemPrompt = $"""
        You are the memory of a coding agent. The session below has ended. Write a progress
        summary a developer (or the agent in its next session) can pick up from: what was
        asked, what was looked into, what was learned, what got done and what remains.

        Answer only with XML, exactly one block:

        <{X.Summary}>
          <{X.Request}>what the user asked for, in one or two sentences</{X.Request}>
          <{X.Investigated}>what was explored or examined</{X.Investigated}>
          <{X.Learned}>what was learned about the code, the tools or the problem</{X.Learned}>
          <{X.Completed}>what was finished: changes made, problems solved</{X.Completed}>
          <{X.NextSteps}>what remains to do or verify</{X.NextSteps}>
          <{X.Notes}>anything else worth keeping (caveats, open questions); may be empty</{X.Notes}>
        </{X.Summary}>

        Be specific (file names, commands, error messages). Escape &, < and > inside text.
        Never copy secrets, keys or tokens into the summary.
        """;

    private const string ObservationTask =
        "Record observations for the following new session events. Events are JSON payloads in time order.";

    private const string SummaryTask =
        "Summarize the following session. Events are JSON payloads in time order, the user's request usually first.";
}
