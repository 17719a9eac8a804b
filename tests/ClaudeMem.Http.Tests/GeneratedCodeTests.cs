namespace ClaudeMem.Http.Tests;

/// <summary>
/// The server loads its Wolverine handlers from the code committed in src/ClaudeMem.Http/Internal/Generated
/// instead of compiling them at start-up. Stale code there would run yesterday's handler, so the
/// committed files must be exactly what `claude-mem codegen write` produces from today's endpoints.
/// </summary>
public class GeneratedCodeTests
{
    [Fact]
    public async Task The_committed_handler_code_is_what_codegen_writes_today()
    {
        var outputDirectory = Path.GetDirectoryName(typeof(ServerApp).Assembly.Location)!;
        var written = Path.Combine(outputDirectory, "Internal", "Generated");
        if (Directory.Exists(written)) Directory.Delete(written, recursive: true);

        var database = await (await SharedServers.PostgresAsync()).CreateDatabaseAsync();
        var outcome = await CliProcess.RunAsync(CliProcess.ValidEnvironment(database), "codegen", "write");
        Assert.True(outcome.ExitCode == 0, outcome.ToString());

        var committed = Path.Combine(SourceTree.Root, "src", "ClaudeMem.Http", "Internal", "Generated");
        var expected = FilesUnder(written);
        var actual = FilesUnder(committed);
        Assert.NotEmpty(expected);
        const string fix = "the committed handler code is stale: run scripts/codegen.sh and commit src/ClaudeMem.Http/Internal/Generated";
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"{fix}\nonly written today: {string.Join(", ", expected.Keys.Except(actual.Keys))}\nonly committed: {string.Join(", ", actual.Keys.Except(expected.Keys))}");
        foreach (var (file, text) in expected)
            Assert.True(text == actual[file], $"{fix}\n{file} differs");
    }

    private static Dictionary<string, string> FilesUnder(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(directory, f), f => File.ReadAllText(f).ReplaceLineEndings())
            : [];
}
