using System.Security.Cryptography;
using System.Text;

namespace ClaudeMem.Events;

/// <summary>
/// Deterministic stream ids: the same natural key always maps to the same stream, so a
/// replayed or racing request collides on PostgreSQL's primary key instead of creating a duplicate.
/// </summary>
public static class StreamIds
{
    public static Guid ForSession(string teamId, string projectId, string externalSessionId) =>
        From("session", teamId, projectId, externalSessionId);

    public static Guid ForAgentEvent(string teamId, string projectId, string sourceEventId) =>
        From("event", teamId, projectId, sourceEventId);

    /// <summary>A name-based (version 5 style, SHA-256) UUID over the parts, each length-prefixed so no two lists of parts share a text.</summary>
    public static Guid From(string kind, params string[] parts)
    {
        var text = string.Concat(parts.Prepend(kind).Select(p => $"{p.Length}:{p}"));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
