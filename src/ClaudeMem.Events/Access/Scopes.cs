using Marten.Linq;

namespace ClaudeMem.Events.Access;

public static class Scopes
{
    public const string Read = "memories:read";
    public const string Write = "memories:write";
    public const string Admin = "memories:admin";
    public const string All = "*";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { Read, Write, Admin, All };
}
