using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// PostgreSQL stores no NUL character in text or jsonb, and tool output does contain them. Every
/// JSON request body is therefore stored with NUL written as "␀0" (U+2400 SYMBOL FOR NULL, then the
/// digit zero), and a U+2400 the client sent written as "␀␀", so the original text comes back
/// exactly with <see cref="Decode"/>: "␀␀" is "␀", "␀0" is NUL. Bodies holding neither character
/// pass through untouched (the README documents the rule for clients).
/// </summary>
public static class NulEncoding
{
    public const char Escape = '\u2400';
    public const char EscapedNul = '0';

    public static string Encode(string text)
    {
        if (text.IndexOfAny(['\0', Escape]) < 0) return text;
        var encoded = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '\0') encoded.Append(Escape).Append(EscapedNul);
            else if (c == Escape) encoded.Append(Escape).Append(Escape);
            else encoded.Append(c);
        }
        return encoded.ToString();
    }

    public static string Decode(string text)
    {
        if (text.IndexOf(Escape) < 0) return text;
        var decoded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == Escape && i + 1 < text.Length && text[i + 1] is EscapedNul or Escape)
                decoded.Append(text[++i] == EscapedNul ? '\0' : Escape);
            else
                decoded.Append(text[i]);
        }
        return decoded.ToString();
    }

    /// <summary>Rewrites a JSON request body whose strings (values or keys, at any depth) hold NUL or U+2400.</summary>
    public static async Task EncodeBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (StoresText(context) && context.Request.HasJsonContentType() && context.Request.ContentLength is not 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            if (MayNeedEncoding(body) && TryEncode(body) is { } encoded) body = encoded;
            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.ContentLength = body.Length;
        }
        await next(context);
    }

    /// <summary>Only bodies that are stored: a read's body is a question (a search query keeps its NUL as a word break).</summary>
    private static bool StoresText(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()?.Policy
            is Auth.ScopePolicies.Write or Auth.ScopePolicies.Admin;

    /// <summary>Cheap byte scan: JSON writes NUL only as the escape \u0000; U+2400 is raw UTF-8 or \u2400.</summary>
    private static bool MayNeedEncoding(ReadOnlySpan<byte> body) =>
        body.IndexOf("\\u0000"u8) >= 0 || body.IndexOf("\u2400"u8) >= 0 || body.IndexOf("\\u2400"u8) >= 0;

    private static byte[]? TryEncode(byte[] body)
    {
        // A body that does not parse (or repeats a key) goes on unchanged: the endpoint answers its error.
        try { return JsonSerializer.SerializeToUtf8Bytes(EncodeNode(JsonNode.Parse(body))); }
        catch (JsonException) { return null; }
        catch (ArgumentException) { return null; }
    }

    private static JsonNode? EncodeNode(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.ToList().Select(p => KeyValuePair.Create(Encode(p.Key), EncodeNode(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray(array.Select(item => EncodeNode(item?.DeepClone())).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Encode(value.GetValue<string>())),
        _ => node?.DeepClone(),
    };
}
