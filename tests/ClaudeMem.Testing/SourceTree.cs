namespace ClaudeMem.Testing;

/// <summary>The repository a test was built from, for tests that check committed files against the code.</summary>
public static class SourceTree
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ClaudeMem.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no ClaudeMem.sln above {AppContext.BaseDirectory}");
    }
}
