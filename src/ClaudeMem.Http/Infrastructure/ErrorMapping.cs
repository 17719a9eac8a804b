using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Last line of defence: bad bodies become 400/413 JSON errors naming the problem, an unreachable
/// or saturated database 503 (also a search that waited past the pool's Timeout for a connection);
/// anything else is a 500 with the request id, never a stack trace.
/// </summary>
public sealed class ErrorMapping(ILogger<ErrorMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, error, message) = Classify(exception);
        if (status >= 500)
            logger.LogError(exception, "request {RequestId} failed", RequestIds.Of(context));
        if (context.Response.HasStarted) return false;
        context.Response.Clear();
        context.Response.Headers[RequestIds.Header] = RequestIds.Of(context);
        // An outage (PostgreSQL restarting) is worth a retry: say when.
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = RetryAfterSeconds;
        await ApiErrors.WriteAsync(context, status, error, message);
        return true;
    }

    /// <summary>Error statuses produced without a body (unknown route, wrong method) get a JSON one.</summary>
    public static Task WriteBareStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (error, message) = status switch
        {
            404 => (ApiErrors.NotFound, $"no resource at {http.Request.Method} {http.Request.Path}"),
            405 => ("method_not_allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}"),
            415 => ("unsupported_media_type", "send the body as application/json"),
            _ => ("error", $"request failed with status {status}"),
        };
        return ApiErrors.WriteAsync(http, status, error, message);
    }

    public const string RetryAfterSeconds = "2";

    /// <summary>admin_shutdown, crash_shutdown, cannot_connect_now: PostgreSQL is stopping or starting.</summary>
    private static readonly string[] ShutdownStates = [PostgresErrorCodes.AdminShutdown, PostgresErrorCodes.CrashShutdown, PostgresErrorCodes.CannotConnectNow];

    public static (int Status, string Error, string Message) Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    return (413, ApiErrors.PayloadTooLarge, "request body is too large");
                case JsonException json:
                    return (400, ApiErrors.InvalidJson, $"request body is not valid JSON for this route{(json.Path is { Length: > 1 } p ? $" at '{p.TrimStart('$', '.')}'" : "")}: {FirstSentence(json.Message)}");
                case BadHttpRequestException bad:
                    return (bad.StatusCode, ApiErrors.ValidationFailed, bad.Message);
                case PostgresException pg when ShutdownStates.Contains(pg.SqlState):
                case NpgsqlException { IsTransient: true } or TimeoutException:
                    return (503, ApiErrors.Unavailable, "the database is unavailable or busy, try again");
            }
        }
        return (500, ApiErrors.Internal, "internal error; see the server log for this request id");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
