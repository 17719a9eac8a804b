using System.Text.Json;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Every request body on every route is JSON, checked once before any endpoint reads it:
/// a body without a JSON content type is a 415; a body that does not parse, nests deeper than
/// <see cref="MaxDepth"/> or repeats a key in one object is a 400 naming where. A repeated key is
/// refused because readers disagree on which copy wins (System.Text.Json takes the last, PostgreSQL's
/// jsonb too, other parsers the first), so what was checked need not be what is stored.
/// Routes that take no body simply get none; the check runs for every route, so a new one cannot escape it.
/// </summary>
public static class JsonBodies
{
    /// <summary>System.Text.Json's own default: deeper bodies would fail in the endpoint anyway, with a framework message.</summary>
    public const int MaxDepth = 64;
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string DuplicateKey = "duplicate_key";

    public static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        // Routing answers a wrong content type with its own 415 endpoint, which this check replaces with one that says why.
        if (!HasBody(request) || context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }
        if (!request.HasJsonContentType())
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType,
                $"send the body as application/json (got '{(request.ContentType is { Length: > 0 } type ? type : "no Content-Type")}')", "Content-Type");
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (Problem(body) is { } problem)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, problem.Error, problem.Message, problem.Field);
            return;
        }
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        await next(context);
    }

    /// <summary>A declared non-zero length, or a chunked body (no declared length).</summary>
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;

    /// <summary>The first thing wrong with the body as JSON, or null when it is well formed.</summary>
    public static ApiErrors.Body? Problem(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        // One frame per open object (its keys so far) or array (null); the names give the path of a duplicate.
        var keys = new Stack<HashSet<string>?>();
        var path = new Stack<string>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (keys.Count > 0) path.Push(pendingName ?? "[]");
                        keys.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        keys.Pop();
                        if (path.Count > 0 && keys.Count > 0) path.Pop();
                        pendingName = null;
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!keys.Peek()!.Add(name))
                        {
                            var field = string.Join('.', path.Reverse().Append(name));
                            return new ApiErrors.Body(DuplicateKey, $"the key '{field}' appears more than once in one JSON object", field);
                        }
                        pendingName = name;
                        break;
                    default:
                        pendingName = null;
                        break;
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            var where = $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}";
            return e.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? new ApiErrors.Body(ApiErrors.InvalidJson, $"request body nests deeper than {MaxDepth} levels ({where})")
                : new ApiErrors.Body(ApiErrors.InvalidJson, $"request body is not valid JSON ({where}): {Describe(e.Message)}");
        }
    }

    /// <summary>The reader's own sentence without its position suffix (given separately, counted from 1).</summary>
    private static string Describe(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.', ' ');
    }
}
