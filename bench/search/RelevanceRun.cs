using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClaudeMem.Testing;

namespace ClaudeMem.Bench.Search;

/// <summary>
/// Mean nDCG@10 of the hand-built relevance corpus (the relevance tests' own), loaded through
/// POST /v1/memories into projects of this run's own beside the bench data, then searched.
/// </summary>
public static class RelevanceRun
{
    public const string CorpusPath = "tests/ClaudeMem.Http.Tests/Search/Relevance/corpus.json";

    public static async Task<(double MeanNdcg, int Queries)> MeasureAsync(HttpClient http, string repoRoot)
    {
        var corpus = RelevanceCorpus.Load(Path.Combine(repoRoot, CorpusPath));
        // A prefix of its own, so that a rerun on a kept database is not searching two copies.
        var prefix = $"rel{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-";
        var keyById = new Dictionary<string, string>();
        foreach (var r in corpus.Records)
        {
            var body = await PostAsync(http, "v1/memories", new
            {
                projectId = prefix + corpus.ProjectOf(r), title = r.Title, subtitle = r.Subtitle, text = r.Text, type = r.Type,
                facts = r.Facts, concepts = r.Concepts, files = r.Files,
            });
            keyById[body["memory"]!["id"]!.ToString()] = r.Key;
        }
        var scores = new List<double>();
        foreach (var query in corpus.Queries)
        {
            var body = await PostAsync(http, "v1/search",
                new { projects = corpus.ProjectsOf(query).Select(p => prefix + p), query = query.Query, limit = Relevance.NdcgDepth });
            var ranked = body["results"]!.AsArray().Select(r => keyById[r!["id"]!.ToString()]).ToList();
            scores.Add(Relevance.Ndcg(ranked, query.Grades()));
        }
        return (scores.Average(), scores.Count);
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
