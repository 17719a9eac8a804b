
namespace ClaudeMem.Client.Setup;

/// <summary>A setup verb cannot go on: the message is the one line to print.</summary>
public sealed class SetupException(string message) : Exception(message);
