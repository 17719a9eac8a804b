using System.Text.Json;
using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Client.Privacy;
using Marten;
using Marten.Events.Projections;

namespace ClaudeMem.Events.Search;

/// <summary>
/// Keeps the search table in step with the events, inline in the transaction that records them:
/// observations, summaries, manual memories and user prompts become searchable the moment they exist
/// and disappear the moment they are deleted or their project is forgotten.
/// </summary>
public sealed partial class SearchRecordsProjection : EventProjection
{
    /// <summary>A prompt's title is its first line, cut here.</summary>
    public const int PromptTitleChars = 120;

    public SearchRecordsProjection()
    {
        Options.DeleteDataInTableOnTeardown(SearchRecordsTable.QualifiedName);
    }

    public void Project(ObservationsGenerated generated, IDocumentOperations operations)
    {
        for (var i = 0; i < generated.Observations.Count; i++)
        {
            var o = generated.Observations[i];
            Upsert(operations, new SearchRecord(GeneratedResultsProjection.ObservationId(generated.JobId, i),
                generated.TeamId, generated.ProjectId, generated.SessionId, SearchKinds.Observation, o.Type,
                o.Title ?? "", o.Subtitle, o.Concepts, o.FilesRead, o.FilesModified, generated.AtEpoch,
                string.Join('\n', o.Facts), o.Narrative ?? ""));
        }
    }

    public void Project(SummaryGenerated generated, IDocumentOperations operations)
    {
        var s = generated.Summary;
        Upsert(operations, new SearchRecord(generated.SessionId, generated.TeamId, generated.ProjectId, generated.SessionId,
            SearchKinds.Summary, null, s.Request ?? "", null, [], [], [], generated.AtEpoch,
            Lines(s.Completed, s.Learned), Lines(s.Investigated, s.NextSteps, s.Notes)));
    }

    public void Project(MemoryRecorded recorded, IDocumentOperations operations) =>
        Upsert(operations, new SearchRecord(recorded.MemoryId, recorded.TeamId, recorded.ProjectId, recorded.SessionId,
            SearchKinds.Memory, recorded.Type, recorded.Title, recorded.Subtitle, recorded.Concepts, recorded.Files, [],
            recorded.RecordedAtEpoch, string.Join('\n', recorded.Facts), recorded.Text));

    public void Project(MemoryEdited edited, IDocumentOperations operations) =>
        Upsert(operations, new SearchRecord(edited.MemoryId, edited.TeamId, edited.ProjectId, edited.SessionId,
            SearchKinds.Memory, edited.Type, edited.Title, edited.Subtitle, edited.Concepts, edited.Files, [],
            edited.CreatedAtEpoch, string.Join('\n', edited.Facts), edited.Text));

    public void Project(MemoryDeleted deleted, IDocumentOperations operations) =>
        operations.QueueSqlCommand(SearchRecordsTable.DeleteSql, deleted.MemoryId);

    public void Project(ObservationDeleted deleted, IDocumentOperations operations) =>
        operations.QueueSqlCommand(SearchRecordsTable.DeleteSql, deleted.ObservationId);

    public void Project(ProjectMemoryForgotten forgotten, IDocumentOperations operations) =>
        operations.QueueSqlCommand(SearchRecordsTable.ForgetProjectSql, forgotten.TeamId, forgotten.ProjectId, forgotten.ForgottenAtEpoch);

    public void Project(AgentEventRecorded recorded, IDocumentOperations operations)
    {
        if (recorded.EventType != HookEventTypes.UserPromptSubmit) return;
        var prompt = PromptText(recorded.Payload);
        if (string.IsNullOrWhiteSpace(prompt)) return;
        var firstLine = prompt.Split('\n', 2)[0].Trim();
        var title = firstLine.Length <= PromptTitleChars ? firstLine : firstLine[..PromptTitleChars];
        Upsert(operations, new SearchRecord(recorded.EventId, recorded.TeamId, recorded.ProjectId, recorded.SessionId,
            SearchKinds.Prompt, null, title, null, [], [], [], recorded.OccurredAtEpoch, "", prompt));
    }

    /// <summary>The prompt a hook recorded, with the parts marked private removed (they never reach the index).</summary>
    public static string? PromptText(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("prompt", out var prompt) && prompt.ValueKind == JsonValueKind.String
            ? PrivateContent.Strip(prompt.GetString()!).Trim()
            : null;

    private static void Upsert(IDocumentOperations operations, SearchRecord record) =>
        operations.QueueSqlCommand(SearchRecordsTable.UpsertSql, record.UpsertArguments());

    private static string Lines(params string?[] parts) => string.Join('\n', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
