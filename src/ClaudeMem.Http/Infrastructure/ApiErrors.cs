namespace ClaudeMem.Http.Infrastructure;

/// <summary>Every error body is {error, message} (plus the offending field for validation errors).</summary>
public static class ApiErrors
{
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string ValidationFailed = "validation_failed";
    public const string InvalidJson = "invalid_json";
    public const string PayloadTooLarge = "payload_too_large";
    public const string Conflict = "conflict";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal_error";

    public sealed record Body(string Error, string Message, string? Field = null);

    public static IResult Invalid(string field, string message) =>
        Results.Json(new Body(ValidationFailed, message, field), statusCode: StatusCodes.Status400BadRequest);

    public static IResult Missing(string what) =>
        Results.Json(new Body(NotFound, $"{what} not found"), statusCode: StatusCodes.Status404NotFound);

    /// <summary>Another request changed the record between our read and our write.</summary>
    public static IResult Changed(string what) =>
        Results.Json(new Body(Conflict, $"the {what} was changed by another request meanwhile: read it again and retry"), statusCode: StatusCodes.Status409Conflict);

    public static IResult ForbiddenProject(string projectId) =>
        Results.Json(new Body(Forbidden, $"this API key may not use project '{projectId}'"), statusCode: StatusCodes.Status403Forbidden);

    public static Task WriteAsync(HttpContext context, int status, string error, string message, string? field = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Body(error, message, field));
    }
}
