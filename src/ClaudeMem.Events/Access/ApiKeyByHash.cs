using System.Linq.Expressions;
using Marten.Linq;

namespace ClaudeMem.Events.Access;

/// <summary>The per-request key lookup, compiled once instead of parsing the LINQ on every request.</summary>
public sealed class ApiKeyByHash : ICompiledQuery<ApiKey, ApiKey?>
{
    public string Hash { get; set; } = "";

    public Expression<Func<IMartenQueryable<ApiKey>, ApiKey?>> QueryIs() => keys => keys.FirstOrDefault(k => k.KeyHash == Hash);
}
