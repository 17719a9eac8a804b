namespace ClaudeMem.Http.Cli;

/// <summary>A CLI verb failed: the message is the one line printed on stderr.</summary>
public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
