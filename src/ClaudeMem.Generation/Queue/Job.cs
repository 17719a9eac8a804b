using System.Globalization;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace ClaudeMem.Generation.Queue;

/// <summary>A job as stored in its hash. <see cref="Data"/>, <see cref="ReturnValue"/> are raw JSON text.</summary>
public sealed class Job
{
    private Job(string id, IReadOnlyDictionary<string, string> fields)
    {
        Id = id;
        Fields = fields;
        Name = Field(JobFields.Name) ?? "";
        Data = Field(JobFields.Data) ?? "{}";
        _options = new Lazy<JsonObject>(() => ParseObject(Field(JobFields.Opts)));
        Timestamp = Number(JobFields.Timestamp);
        Delay = Number(JobFields.Delay);
        Priority = (int)Number(JobFields.Priority);
        AttemptsMade = (int)Number(JobFields.AttemptsMade, Number(JobFields.AttemptsMadeLegacy));
        AttemptsStarted = (int)Number(JobFields.AttemptsStarted);
        StalledCounter = (int)Number(JobFields.StalledCounter);
        ProcessedOn = NullableNumber(JobFields.ProcessedOn);
        FinishedOn = NullableNumber(JobFields.FinishedOn);
        FailedReason = Field(JobFields.FailedReason);
        ReturnValue = Field(JobFields.ReturnValue);
        DeferredFailure = Field(JobFields.DeferredFailure);
        _stacktrace = new Lazy<IReadOnlyList<string>>(() => ParseStacktrace(Field(JobFields.Stacktrace)));
    }

    private readonly Lazy<JsonObject> _options;
    private readonly Lazy<IReadOnlyList<string>> _stacktrace;

    public string Id { get; }
    public string Name { get; }
    public string Data { get; }

    /// <summary>The stored options (BullMQ's short key names, re-encoded by cjson: key order is arbitrary).</summary>
    public JsonObject Options => _options.Value;

    public long Timestamp { get; }
    public long Delay { get; }
    public int Priority { get; }
    public int AttemptsMade { get; }
    public int AttemptsStarted { get; }
    public int StalledCounter { get; }
    public long? ProcessedOn { get; }
    public long? FinishedOn { get; }
    public string? FailedReason { get; }
    public string? ReturnValue { get; }

    /// <summary>Set by the stalled checker when the job stalled too often: it must fail without running.</summary>
    public string? DeferredFailure { get; }

    public IReadOnlyList<string> Stacktrace => _stacktrace.Value;

    /// <summary>Every field of the hash, as stored.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    public int MaxAttempts => OptionInt(JobOptionNames.Attempts) ?? 0;
    public int? StackTraceLimit => OptionInt(JobOptionNames.StackTraceLimit);
    public bool Lifo => Options[JobOptionNames.Lifo] is JsonValue v && v.TryGetValue<bool>(out var lifo) && lifo;

    public JsonNode? ParseData() => JsonNode.Parse(Data);

    public Backoff? Backoff => Options[JobOptionNames.Backoff] switch
    {
        JsonObject o => new Backoff(
            o[JobOptionNames.BackoffType]?.GetValue<string>() ?? Backoff.Fixed,
            o[JobOptionNames.BackoffDelay] is JsonValue d ? (long)d.GetValue<double>() : 0,
            o[JobOptionNames.BackoffJitter] is JsonValue j ? j.GetValue<double>() : null),
        JsonValue v when v.TryGetValue<double>(out var delay) => new Backoff(Backoff.Fixed, (long)delay),
        _ => null,
    };

    /// <summary>The job's own <c>removeOnComplete</c>/<c>removeOnFail</c>, or null when it has none.</summary>
    public KeepJobs? KeepJobsOption(string option) => Options[option] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var remove) => remove ? KeepJobs.NoneKept : KeepJobs.All,
        JsonValue v when v.TryGetValue<double>(out var count) => new KeepJobs((int)count),
        JsonObject o => new KeepJobs(
            o[JobOptionNames.KeepCount] is JsonValue c ? (int)c.GetValue<double>() : null,
            o[JobOptionNames.KeepAge] is JsonValue a ? TimeSpan.FromSeconds(a.GetValue<double>()) : null),
        _ => null,
    };

    internal static Job FromHash(string id, HashEntry[] entries)
    {
        var fields = new Dictionary<string, string>(entries.Length);
        foreach (var entry in entries) fields[entry.Name!] = entry.Value!;
        return new Job(id, fields);
    }

    /// <summary>From the flat field/value array the scripts return (HGETALL's raw shape).</summary>
    internal static Job FromFlatArray(string id, RedisResult[] flat)
    {
        var fields = new Dictionary<string, string>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2) fields[(string)flat[i]!] = (string?)flat[i + 1] ?? "";
        return new Job(id, fields);
    }

    private string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    private long Number(string name, long fallback = 0) =>
        Field(name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (long)value : fallback;

    private long? NullableNumber(string name) => Field(name) is null ? null : Number(name);

    private int? OptionInt(string name) =>
        Options[name] is JsonValue v && v.TryGetValue<double>(out var number) ? (int)number : null;

    private static JsonObject ParseObject(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    private static IReadOnlyList<string> ParseStacktrace(string? json)
    {
        if (string.IsNullOrEmpty(json) || JsonNode.Parse(json) is not JsonArray traces) return [];
        return traces.Select(t => t?.GetValue<string>()).OfType<string>().ToList();
    }
}
