using System.Collections.Frozen;

namespace ClaudeMem.Generation.Queue;

/// <summary>
/// BullMQ's own Lua, embedded at build time from the pinned npm package (see tools/bullmq).
/// Resource names are <c>BullMq/&lt;name&gt;-&lt;numberOfKeys&gt;.lua</c>.
/// </summary>
public static class LuaScripts
{
    private const string ResourcePrefix = "BullMq/";
    private const string LuaExtension = ".lua";

    private static readonly Lazy<FrozenDictionary<string, LuaScript>> All = new(Load);

    /// <summary>The bullmq npm version the scripts were extracted from.</summary>
    public static string BullMqVersion { get; } = ReadResource(ResourcePrefix + "bullmq-version.txt").Trim();

    public static IReadOnlyCollection<LuaScript> Scripts => All.Value.Values;

    /// <summary>Gets a script, failing loudly if the pinned bullmq changed the script's key count.</summary>
    public static LuaScript Get(string name, int expectedKeyCount)
    {
        if (!All.Value.TryGetValue(name, out var script))
            throw new InvalidOperationException($"bullmq {BullMqVersion} has no Lua script named '{name}'");
        if (script.KeyCount != expectedKeyCount)
            throw new InvalidOperationException(
                $"bullmq {BullMqVersion} script '{name}' takes {script.KeyCount} keys, this client passes {expectedKeyCount}: the pinned bullmq version changed its protocol");
        return script;
    }

    private static FrozenDictionary<string, LuaScript> Load()
    {
        var scripts = new Dictionary<string, LuaScript>();
        foreach (var resource in typeof(LuaScripts).Assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(LuaExtension, StringComparison.Ordinal))
                continue;
            var stem = resource[ResourcePrefix.Length..^LuaExtension.Length];
            var dash = stem.LastIndexOf('-');
            var name = stem[..dash];
            scripts[name] = new LuaScript(name, int.Parse(stem[(dash + 1)..]), ReadResource(resource));
        }
        if (scripts.Count == 0)
            throw new InvalidOperationException("no BullMQ Lua scripts are embedded: build with tools/bullmq installed (scripts/install-deps.sh)");
        return scripts.ToFrozenDictionary();
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing: build with tools/bullmq installed (scripts/install-deps.sh)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
