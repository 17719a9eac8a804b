namespace ClaudeMem.Client.Setup;

/// <summary>`--name value` / `--name=value` options and flags of the setup verbs; anything else is refused.</summary>
public sealed class SetupArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static SetupArguments Parse(IReadOnlyList<string> args, string[] valueOptions, string[] flags)
    {
        var parsed = new SetupArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (valueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
                parsed._values[name] = value ?? throw new SetupException($"{name} needs a value");
            }
            else if (flags.Contains(args[i])) parsed._flags.Add(args[i]);
            else throw new SetupException($"unexpected argument '{args[i]}'; run 'claude-mem help'");
        }
        return parsed;
    }

    public string? this[string name] => _values.GetValueOrDefault(name);
    public bool Has(string flag) => _flags.Contains(flag);
}
