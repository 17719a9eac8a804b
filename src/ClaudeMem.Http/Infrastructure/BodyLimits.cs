using Microsoft.AspNetCore.Http.Features;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Refuses oversize bodies with a JSON 413 before anything is read. A body without a declared
/// length is capped by Kestrel's limit, and ErrorMapping turns its overflow into the same 413.
/// </summary>
public static class BodyLimits
{
    public const string BatchPath = "/v1/events/batch";

    public static Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.Request.Path.StartsWithSegments(BatchPath) ? ServerApp.MaxBatchBodyBytes : ServerApp.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
            return ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ApiErrors.PayloadTooLarge,
                $"request body is {context.Request.ContentLength} bytes; this route accepts at most {limit}");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return next(context);
    }
}
