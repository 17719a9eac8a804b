namespace ClaudeMem.Http.Keys;

public sealed record ConnectCommands(string Install, string Mcp);
