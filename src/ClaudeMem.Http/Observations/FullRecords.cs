using ClaudeMem.Events.AgentEvents;
using ClaudeMem.Events.Generation;
using ClaudeMem.Events.Memories;
using ClaudeMem.Events.Search;

namespace ClaudeMem.Http.Observations;

/// <summary>Full records by id, whatever their kind, limited to what the caller may see and in the order asked.</summary>
public static class FullRecords
{
    public static async Task<(IReadOnlyList<FullRecord> Found, IReadOnlyList<Guid> Missing)> LoadAsync(
        IReadOnlyList<Guid> ids, Caller caller, SearchQueries search, IQuerySession query, CancellationToken ct)
    {
        var visible = (await search.FindAsync(caller.TeamId, ids, ct)).Where(h => caller.MayUseProject(h.ProjectId)).ToDictionary(h => h.Id);
        IEnumerable<Guid> Of(string kind) => visible.Values.Where(h => h.Kind == kind).Select(h => h.Id);
        var records = new Dictionary<Guid, FullRecord>();
        foreach (var o in await query.LoadManyAsync<ObservationView>(ct, Of(SearchKinds.Observation)))
            records[o.Id] = Observation(o);
        foreach (var m in await query.LoadManyAsync<MemoryView>(ct, Of(SearchKinds.Memory)))
            records[m.Id] = new FullMemory(m.Id, m.ProjectId, m.SessionId, m.Type, m.Title, m.Subtitle, m.Text, m.Facts, m.Concepts, m.Files, m.Metadata, m.CreatedAtEpoch, m.UpdatedAtEpoch);
        foreach (var s in await query.LoadManyAsync<SummaryView>(ct, Of(SearchKinds.Summary)))
            records[s.Id] = new FullSummary(s.Id, s.ProjectId, s.Id, s.Request, s.Investigated, s.Learned, s.Completed, s.NextSteps, s.Notes, s.JobId, s.CreatedAtEpoch);
        foreach (var e in await query.LoadManyAsync<AgentEventView>(ct, Of(SearchKinds.Prompt)))
            records[e.Id] = new FullPrompt(e.Id, e.ProjectId, e.SessionId, SearchRecordsProjection.PromptText(e.Payload), e.OccurredAtEpoch);
        var found = ids.Where(records.ContainsKey).Select(id => records[id]).ToList();
        return (found, ids.Where(id => !records.ContainsKey(id)).Distinct().ToList());
    }

    public static FullRecord Observation(ObservationView o) => new FullObservation(
        o.Id, o.ProjectId, o.SessionId, o.Type, o.Title, o.Subtitle, o.Facts, o.Narrative,
        o.Concepts, o.FilesRead, o.FilesModified, o.PromptNumber, o.SourceEventId, o.JobId, o.CreatedAtEpoch);
}
