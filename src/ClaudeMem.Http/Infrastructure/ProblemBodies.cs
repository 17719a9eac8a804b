using System.Text.RegularExpressions;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Problem details the framework writes on its own (Wolverine's answer to a body of the wrong JSON
/// types, an unparseable query value) are written in our one error shape {error, message, field}
/// instead of RFC 7807, and without the .NET type names their texts carry.
/// </summary>
public sealed partial class ProblemBodies : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var body = BodyOf(context.ProblemDetails.Status ?? http.Response.StatusCode, context.ProblemDetails.Title, context.ProblemDetails.Detail,
            context.ProblemDetails.Extensions);
        return new ValueTask(http.Response.WriteAsJsonAsync(body, http.RequestAborted));
    }

    public static ApiErrors.Body BodyOf(int status, string? title, string? detail, IDictionary<string, object?> extensions)
    {
        var text = $"{title} {detail}";
        var field = JsonPath().Match(text) is { Success: true } path && path.Groups[1].Length > 0 ? path.Groups[1].Value
            : QueryParameter().Match(text) is { Success: true } query ? query.Groups[1].Value : null;
        if (status == StatusCodes.Status400BadRequest && text.Contains("JSON", StringComparison.OrdinalIgnoreCase))
            return new(ApiErrors.InvalidJson, field is null
                ? "request body does not have the JSON shape this route expects"
                : $"'{field}' in the request body has the wrong JSON type or value for this route", field);
        // Validation problems list their fields; the first one is named.
        if (extensions.TryGetValue("errors", out var errors) && errors is IDictionary<string, string[]> { Count: > 0 } byField)
        {
            var (name, messages) = byField.First();
            return new(ApiErrors.ValidationFailed, messages.FirstOrDefault() ?? $"{name} is not valid", name);
        }
        var error = status switch
        {
            400 => ApiErrors.ValidationFailed,
            404 => ApiErrors.NotFound,
            413 => ApiErrors.PayloadTooLarge,
            >= 500 => ApiErrors.Internal,
            _ => "error",
        };
        return new(error, status >= 500 ? "internal error; see the server log for this request id" : TypeNamesRemoved(detail ?? title ?? error), field);
    }

    /// <summary>"System.Int64" and "ClaudeMem.Http.Endpoints.Foo" say nothing to a client: drop namespaces-looking words.</summary>
    private static string TypeNamesRemoved(string text) => DottedTypeName().Replace(text, "a value");

    [GeneratedRegex(@"Path: \$\.?([^ |]*)")]
    private static partial Regex JsonPath();

    /// <summary>Wolverine's text for a query value it cannot bind: "Query string parameter 'limit' has the value 'x' which ...".</summary>
    [GeneratedRegex(@"Query string parameter '([^']+)'")]
    private static partial Regex QueryParameter();

    [GeneratedRegex(@"\b(?:System|Microsoft|ClaudeMem|Wolverine|JasperFx|Marten)(?:\.[A-Za-z0-9_`\[\]]+)+")]
    private static partial Regex DottedTypeName();
}
