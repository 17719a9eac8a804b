using ClaudeMem.Events.Memories;

namespace ClaudeMem.Bench.Search;

/// <summary>One generated observation, split the way the search table weighs it.</summary>
public sealed record GeneratedRecord(
    Guid Id, string ProjectId, Guid SessionId, string Type, string Title, string Subtitle, string Facts, string Narrative,
    string[] Concepts, string[] FilesRead, string[] FilesModified, long CreatedAtEpoch);

/// <summary>
/// Realistic-looking observations, deterministic for a seed: a Zipf-distributed vocabulary (real
/// engineering words at the head, made-up words in the long tail), camelCase identifiers, file
/// paths under a few hundred folders, and a handful of planted two-word phrases.
/// </summary>
public sealed class Corpus
{
    public const double ZipfExponent = 1.0;
    public const int TailWords = 40_000;
    public const double PhraseRate = 0.02;
    public const double IdentifierRate = 0.5;

    public static readonly string[] HeadWords =
    [
        "service", "request", "cache", "session", "token", "error", "test", "build", "query", "index", "worker", "queue",
        "config", "deploy", "database", "migration", "handler", "client", "server", "response", "timeout", "retry",
        "logger", "metric", "schema", "user", "account", "payment", "invoice", "order", "event", "stream", "batch",
        "lock", "thread", "memory", "parser", "router", "endpoint", "header", "cookie", "upload", "download", "image",
        "render", "component", "state", "hook", "store", "reducer", "effect", "promise", "future", "channel", "socket",
        "connection", "pool", "transaction", "rollback", "commit", "branch", "merge", "release", "version", "package",
        "dependency", "module", "import", "export", "type", "interface", "struct", "enum", "trait", "closure", "lambda",
        "callback", "listener", "scheduler", "cron", "job", "task", "pipeline", "artifact", "container", "image",
        "volume", "network", "proxy", "gateway", "certificate", "secret", "permission", "role", "policy", "audit",
        "search", "ranking", "snippet", "fallback", "budget", "limit", "quota", "counter", "histogram", "trace",
        "span", "sample", "flag", "feature", "toggle", "rollout", "canary", "alert", "incident", "outage", "latency",
        "throughput", "benchmark", "profile", "allocation", "garbage", "collector", "heap", "stack", "frame", "panic",
        "exception", "assertion", "fixture", "mock", "stub", "snapshot", "golden", "regression", "flaky", "race",
        "deadlock", "starvation", "backoff", "jitter", "idempotent", "duplicate", "conflict", "version", "optimistic",
    ];

    public static readonly string[] Phrases =
    [
        "connection pool", "retry budget", "stale cache", "race condition", "memory leak", "rate limit",
        "dead letter", "cold start", "feature flag", "schema drift",
    ];

    private static readonly string[] Verbs = ["get", "set", "find", "load", "save", "update", "delete", "build", "parse", "fetch"];
    private static readonly string[] Nouns = ["User", "Order", "Invoice", "Session", "Token", "Account", "Payment", "Report", "Job", "Event"];
    private static readonly string[] Fields = ["Id", "Email", "Name", "Date", "Status", "Key", "Slug", "Owner", "Team", "Region"];
    private static readonly string[] Areas = ["api", "web", "worker", "cli", "core", "infra", "billing", "auth", "search", "jobs"];
    private static readonly string[] Subfolders = ["handlers", "models", "services", "utils", "tests", "components", "hooks", "db", "queue", "config",
        "routes", "views", "store", "jobs", "metrics", "cache", "clients", "schemas", "migrations", "scripts"];
    private static readonly string[] Extensions = [".ts", ".tsx", ".cs", ".rs", ".py", ".go"];

    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;

    public Corpus(int seed)
    {
        var random = new Random(seed);
        var words = new List<string>(HeadWords.Distinct());
        var seen = new HashSet<string>(words);
        string[] syllables = ["ka", "lo", "mi", "ra", "te", "zu", "ven", "dor", "pli", "qua", "sho", "bre", "fin", "gal", "hex", "jor", "nyx", "ost", "pra", "rul", "sev", "tok", "urb", "wix", "yel"];
        while (words.Count < HeadWords.Length + TailWords)
        {
            var word = string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => syllables[random.Next(syllables.Length)]));
            if (seen.Add(word)) words.Add(word);
        }
        _vocabulary = words.ToArray();
        _cumulative = new double[_vocabulary.Length];
        double total = 0;
        for (var rank = 0; rank < _vocabulary.Length; rank++) _cumulative[rank] = total += 1 / Math.Pow(rank + 1, ZipfExponent);
        for (var rank = 0; rank < _vocabulary.Length; rank++) _cumulative[rank] /= total;
    }

    public IReadOnlyList<string> Vocabulary => _vocabulary;

    /// <summary>A word at this Zipf rank (0 = the most frequent).</summary>
    public string WordAt(int rank) => _vocabulary[rank];

    public static string Identifier(int verb, int noun, int field) => $"{Verbs[verb % Verbs.Length]}{Nouns[noun % Nouns.Length]}By{Fields[field % Fields.Length]}";

    public static string Folder(int area, int sub) => $"src/{Areas[area % Areas.Length]}/{Subfolders[sub % Subfolders.Length]}";

    public IEnumerable<GeneratedRecord> Generate(string projectId, int count, int seed, long startEpoch, long endEpoch)
    {
        var random = new Random(seed);
        var step = (endEpoch - startEpoch) / Math.Max(1, count);
        var sessions = Math.Max(1, count / 40);
        var sessionIds = Enumerable.Range(0, sessions).Select(i => new Guid(random.Next(), (short)i, (short)seed, new byte[8])).ToArray();
        for (var i = 0; i < count; i++)
        {
            var narrative = Words(random, 30, 40);
            if (random.NextDouble() < IdentifierRate)
                narrative = Insert(random, narrative, Identifier(random.Next(10), random.Next(10), random.Next(10)));
            if (random.NextDouble() < PhraseRate)
                narrative = Insert(random, narrative, Phrases[random.Next(Phrases.Length)]);
            var folder = Folder(random.Next(10), random.Next(20));
            var file = $"{folder}/{WordAt(200 + random.Next(2000))}{Extensions[random.Next(Extensions.Length)]}";
            if (random.NextDouble() < 0.4) narrative = Insert(random, narrative, file);
            var concept = ObservationConcepts.All[random.Next(ObservationConcepts.All.Count)];
            string[] concepts = random.NextDouble() < 0.3 ? [$"{concept}: {Words(random, 2, 3)}"] : [concept];
            yield return new GeneratedRecord(
                DeterministicId(projectId, i), projectId, sessionIds[i / 40 % sessions],
                ObservationTypes.All[random.Next(ObservationTypes.All.Count)],
                Capitalised(Words(random, 6, 9)), Words(random, 5, 8),
                string.Join('\n', Enumerable.Range(0, random.Next(2, 4)).Select(_ => Words(random, 5, 7))),
                narrative, concepts, [file], random.NextDouble() < 0.5 ? [$"{folder}/{WordAt(200 + random.Next(2000))}.ts"] : [],
                startEpoch + i * step);
        }
    }

    private static Guid DeterministicId(string projectId, int index) => ClaudeMem.Events.StreamIds.From("bench-record", projectId, index.ToString());

    private string Words(Random random, int min, int max) =>
        string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Sample(random)));

    private string Sample(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return _vocabulary[index < 0 ? Math.Min(~index, _vocabulary.Length - 1) : index];
    }

    private static string Insert(Random random, string text, string inserted)
    {
        var words = text.Split(' ').ToList();
        words.Insert(random.Next(words.Count + 1), inserted);
        return string.Join(' ', words);
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
