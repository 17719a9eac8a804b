using System.Text.Json;

namespace ClaudeMem.Bench.Search;

/// <summary>A kind of query, with rotating variants so no single plan or cache line decides the result.</summary>
public sealed record Mix(string Name, string Description, IReadOnlyList<string> Bodies);

public static class Mixes
{
    public const string Project = "big";
    public const int Limit = 20;

    public static IReadOnlyList<Mix> Build(Corpus corpus, IReadOnlyList<string> broadWords)
    {
        string Body(object value) => JsonSerializer.Serialize(value);
        var selective = Enumerable.Range(0, 20).Select(i => corpus.WordAt(25_000 + i * 500)).ToList();
        var medium = Enumerable.Range(0, 20).Select(i => corpus.WordAt(300 + i * 10)).ToList();
        return
        [
            new Mix("selective", "one rare word (Zipf rank 25,000+, ~0.02% of records)",
                selective.Select(w => Body(new { projectId = Project, query = w, limit = Limit })).ToList()),
            new Mix("broad", $"one word found in 20-40% of records ({string.Join(", ", broadWords.Take(4))} ...)",
                broadWords.Select(w => Body(new { projectId = Project, query = w, limit = Limit })).ToList()),
            new Mix("two words", "two frequent words, both required",
                broadWords.Zip(broadWords.Skip(1)).Select(p => Body(new { projectId = Project, query = $"{p.First} {p.Second}", limit = Limit })).ToList()),
            new Mix("phrase", "a quoted two-word phrase (planted in 2% of records)",
                Corpus.Phrases.Select(p => Body(new { projectId = Project, query = $"\"{p}\"", limit = Limit })).ToList()),
            new Mix("filtered", "a medium word + type + folder",
                medium.Select((w, i) => Body(new { projectId = Project, query = w, types = new[] { "bugfix" }, files = new[] { Corpus.Folder(i, i) }, limit = Limit })).ToList()),
            new Mix("newest", "no query: type filter, newest first",
                ClaudeMem.Events.Memories.ObservationTypes.All.Select(t => Body(new { projectId = Project, types = new[] { t }, limit = Limit })).ToList()),
            new Mix("fallback", "a partial identifier (substring fallback)",
                Enumerable.Range(0, 20).Select(i => Body(new { projectId = Project, query = Corpus.Identifier(i, i / 2, i / 3)[3..^3], limit = Limit })).ToList()),
        ];
    }
}
