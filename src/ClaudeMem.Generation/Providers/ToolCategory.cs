using System.Text.RegularExpressions;

namespace ClaudeMem.Generation.Providers;

internal enum ToolCategory
{
    Read,
    Modify,
    Command,
    Search,
    Web,
    Delegate,
    Other,
}
