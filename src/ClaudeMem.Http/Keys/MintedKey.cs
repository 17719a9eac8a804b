namespace ClaudeMem.Http.Keys;

/// <summary>The raw key (shown this once), the stored key, and the commands that connect Claude Code with it.</summary>
public sealed record MintedKey(string Key, KeyDescriptor ApiKey, ConnectInfo Connect);
