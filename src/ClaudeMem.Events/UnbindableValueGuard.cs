using System.Collections;
using System.Text;
using Marten;
using Marten.Services;
using Npgsql;
using NpgsqlTypes;

namespace ClaudeMem.Events;

/// <summary>A value PostgreSQL would refuse while binding it, refused before the statement is sent.</summary>
public sealed class UnbindableValueException(string message) : Exception(message);

/// <summary>
/// Refuses, before it is sent, every Marten statement with a parameter PostgreSQL would refuse while binding it:
/// a NUL character in text, or in jsonb a \u0000 escape or a surrogate escape without its pair. Marten's
/// connections auto-prepare their statements, and Npgsql (9.0 and 10.0) leaves a pooled connection out of step
/// with the server when the Bind of a statement being prepared fails: it holds the statement as prepared without
/// its row description, and the next use of it on that connection fails ("Received unexpected backend message
/// DataRow"). Errors raised while a statement executes (a unique violation, a check, a value too long) leave the
/// connection in step and need no guard; PoolSafetyTests covers both.
/// </summary>
public sealed class UnbindableValueGuard : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command) => Check(command.Parameters);

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
        foreach (NpgsqlBatchCommand command in batch.BatchCommands) Check(command.Parameters);
    }

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex)
    {
    }

    public void LogFailure(Exception ex, string message)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    private static void Check(NpgsqlParameterCollection parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var json = (parameter.NpgsqlDbType & ~NpgsqlDbType.Array) is NpgsqlDbType.Jsonb or NpgsqlDbType.Json
                || parameter.DataTypeName is { } name && name.TrimEnd('[', ']') is "jsonb" or "json";
            if (ProblemOf(parameter.Value, json) is { } problem)
                throw new UnbindableValueException($"PostgreSQL cannot store parameter {i + 1} of this statement: {problem}");
        }
    }

    private static string? ProblemOf(object? value, bool json)
    {
        switch (value)
        {
            case string text:
                return Problem(text, json);
            case byte[] utf8:
                // Marten hands jsonb over as UTF-8 bytes (event data as an array of them); bytea binds whatever its bytes are.
                return json ? Problem(utf8) : null;
            case IEnumerable elements:
                foreach (var element in elements)
                    if (element is string or byte[] && ProblemOf(element, json) is { } problem) return problem;
                return null;
            default:
                return null;
        }
    }

    /// <summary>Why PostgreSQL would refuse this text, or null when it would not.</summary>
    public static string? Problem(string text, bool json)
    {
        if (text.Contains('\0')) return "it holds a NUL character";
        return json ? Problem(Encoding.UTF8.GetBytes(text)) : null;
    }

    /// <summary>Why PostgreSQL would refuse this UTF-8 JSON, or null when it would not.</summary>
    /// <remarks>Read as bytes: Marten's documents arrive so, and the JSON escapes are ASCII.</remarks>
    public static string? Problem(byte[] utf8Json)
    {
        var json = utf8Json.AsSpan();
        if (json.IndexOf((byte)0) >= 0) return "it holds a NUL character";
        return UnstorableEscapeAt(json) is { } at
            ? $"its JSON holds the escape {Encoding.ASCII.GetString(json.Slice(at, Math.Min(6, json.Length - at)))}, which jsonb refuses (NUL, an unpaired surrogate or not four hex digits)"
            : null;
    }

    /// <summary>Where a \u escape jsonb refuses starts: \u0000, a surrogate escape not paired with its other half, or one without four hex digits.</summary>
    private static int? UnstorableEscapeAt(ReadOnlySpan<byte> json)
    {
        for (var at = json.IndexOf("\\u"u8); at >= 0; at = NextEscape(json, at + 2))
        {
            if (!IsEscapeStart(json, at)) continue;
            var code = HexAt(json, at + 2);
            if (code is null or 0 or (>= 0xDC00 and <= 0xDFFF)) return at;
            if (code is >= 0xD800 and <= 0xDBFF)
            {
                var next = at + 6;
                if (json[next..].StartsWith("\\u"u8) && HexAt(json, next + 2) is >= 0xDC00 and <= 0xDFFF)
                {
                    at = next;
                    continue;
                }
                return at;
            }
        }
        return null;
    }

    private static int NextEscape(ReadOnlySpan<byte> json, int from) => json[from..].IndexOf("\\u"u8) is var found and >= 0 ? from + found : -1;

    /// <summary>A backslash starts an escape when an even number of backslashes precede it (they escape each other).</summary>
    private static bool IsEscapeStart(ReadOnlySpan<byte> json, int backslash)
    {
        var preceding = 0;
        while (backslash - preceding - 1 >= 0 && json[backslash - preceding - 1] == '\\') preceding++;
        return preceding % 2 == 0;
    }

    private static int? HexAt(ReadOnlySpan<byte> json, int start) =>
        start + 4 <= json.Length && int.TryParse(json.Slice(start, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)
            ? code
            : null;
}
