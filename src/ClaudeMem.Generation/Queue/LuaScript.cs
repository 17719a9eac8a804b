using System.Collections.Frozen;

namespace ClaudeMem.Generation.Queue;

/// <summary>One of BullMQ's Lua scripts, with the number of KEYS it was written for.</summary>
public sealed record LuaScript(string Name, int KeyCount, string Text)
{
    /// <summary>The SHA-1 that EVALSHA names the script by, computed once.</summary>
    public byte[] Sha1 { get; } = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(Text));
}
