using System.Text.Json;
using System.Text.RegularExpressions;
using ClaudeMem.Generation.Prompts;

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
