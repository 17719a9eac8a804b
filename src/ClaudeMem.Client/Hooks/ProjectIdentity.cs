namespace ClaudeMem.Client.Hooks;

/// <summary>
/// The project a session belongs to, without asking: the git repository's name, where a linked
/// worktree counts as its main repository. Read from the .git files directly (no `git` process),
/// so it costs microseconds.
/// </summary>
/// <param name="Name">The name events are recorded under.</param>
/// <param name="AlsoKnownAs">Other names older memories of the same code may sit under (the worktree's own folder name).</param>
public sealed record ProjectIdentity(string Name, IReadOnlyList<string> AlsoKnownAs)
{
    public IReadOnlyList<string> AllNames => [Name, .. AlsoKnownAs];

    public static ProjectIdentity Resolve(string? cwd, string? overrideName)
    {
        var directory = string.IsNullOrEmpty(cwd) ? Environment.CurrentDirectory : cwd;
        var fromGit = FromGit(directory);
        if (overrideName is not null)
            return new ProjectIdentity(overrideName, fromGit is null ? [] : fromGit.AllNames.Where(n => n != overrideName).Distinct().ToList());
        return fromGit ?? new ProjectIdentity(FolderName(directory), []);
    }

    private static ProjectIdentity? FromGit(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit)) return new ProjectIdentity(dir.Name, []);
            if (!File.Exists(dotGit)) continue;

            // A linked worktree (or a submodule): ".git" is a file "gitdir: <path>".
            var worktreeName = dir.Name;
            var gitDir = ReadGitDir(dotGit, dir.FullName);
            if (gitDir is null) return new ProjectIdentity(worktreeName, []);
            var commonDir = ReadCommonDir(gitDir);
            if (commonDir is null) return new ProjectIdentity(worktreeName, []); // a submodule: its own name
            var mainName = MainRepositoryName(commonDir);
            return mainName is null || mainName == worktreeName
                ? new ProjectIdentity(worktreeName, [])
                : new ProjectIdentity(mainName, [worktreeName]);
        }
        return null;
    }

    private static string? ReadGitDir(string dotGitFile, string worktreeRoot)
    {
        try
        {
            var line = File.ReadLines(dotGitFile).FirstOrDefault()?.Trim();
            if (line is null || !line.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
            var path = line["gitdir:".Length..].Trim();
            return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(worktreeRoot, path));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>A worktree's git dir holds "commondir", the path of the main repository's .git.</summary>
    private static string? ReadCommonDir(string gitDir)
    {
        var file = Path.Combine(gitDir, "commondir");
        try
        {
            if (!File.Exists(file)) return null;
            var path = File.ReadAllText(file).Trim();
            return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(gitDir, path));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>/src/app/.git -> app; a bare /src/app.git -> app.</summary>
    private static string? MainRepositoryName(string commonDir)
    {
        var trimmed = commonDir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var name = Path.GetFileName(trimmed);
        if (name == ".git") return Path.GetFileName(Path.GetDirectoryName(trimmed));
        return name.EndsWith(".git", StringComparison.Ordinal) ? name[..^4] : name is { Length: > 0 } ? name : null;
    }

    private static string FolderName(string directory)
    {
        var name = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        return string.IsNullOrEmpty(name) ? "root" : name;
    }
}
