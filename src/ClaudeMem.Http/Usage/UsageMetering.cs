using System.Globalization;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Usage;

/// <summary>
/// Counts every request a key makes to a protected route (after authorization, so refused keys
/// cost nothing) and enforces the per-key rate limit (429) and the team's monthly caps (402).
/// Requests refused here count too: they reached the server. The local-dev caller has no key and is not metered.
/// With no limit and no cap configured, requests are counted in memory and written once a second (<see cref="UsageCounters"/>).
/// </summary>
public static class UsageMetering
{
    public const string LimitHeader = "X-RateLimit-Limit";
    public const string RemainingHeader = "X-RateLimit-Remaining";
    public const string ResetHeader = "X-RateLimit-Reset";

    public static async Task MeterAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var caller = Caller.From(context);
        if (caller.Actor == Caller.LocalDevActor)
        {
            await next(context);
            return;
        }

        var settings = context.RequestServices.GetRequiredService<ServerSettings>();
        var counters = context.RequestServices.GetRequiredService<UsageCounters>();
        if (settings is { RateLimitPerMinute: null, MonthlyRequestCap: null, MonthlyTokenCap: null })
        {
            // Nothing to enforce: count without a round trip; written for all keys once a second.
            counters.CountLater(caller.Actor, caller.TeamId);
            await next(context);
            return;
        }
        var counts = await counters.CountAsync(caller.Actor, caller.TeamId, context.RequestAborted);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();

        if (settings.RateLimitPerMinute is { } limit)
        {
            var headers = context.Response.Headers;
            headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
            headers[RemainingHeader] = Math.Max(0, limit - counts.WindowRequests).ToString(CultureInfo.InvariantCulture);
            headers[ResetHeader] = (counts.WindowEndsAtEpoch / 1000).ToString(CultureInfo.InvariantCulture);
            if (counts.WindowRequests > limit)
            {
                var retryAfter = (long)Math.Ceiling((counts.WindowEndsAtEpoch - now) / 1000.0);
                headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
                await ApiErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, UsageErrors.RateLimited,
                    $"rate limit of {limit} requests per minute exceeded for this key; retry in {Math.Max(1, retryAfter)} s");
                return;
            }
        }
        if (settings.MonthlyRequestCap is { } requestCap && counts.TeamRequests > requestCap)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status402PaymentRequired, UsageErrors.QuotaExceeded,
                $"monthly request cap of {requestCap} reached for team '{caller.TeamId}'");
            return;
        }
        if (settings.MonthlyTokenCap is { } tokenCap && counts.TeamTokens >= tokenCap)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status402PaymentRequired, UsageErrors.QuotaExceeded,
                $"monthly token cap of {tokenCap} reached for team '{caller.TeamId}' ({counts.TeamTokens} tokens used)");
            return;
        }
        await next(context);
    }
}
