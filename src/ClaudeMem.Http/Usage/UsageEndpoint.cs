using ClaudeMem.Events.Access;
using ClaudeMem.Events.Usage;
using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Usage;

public static class UsageEndpoint
{
    /// <summary>The caller's team this month (or ?month=YYYY-MM): requests, provider tokens, observations; per key for admin keys, else the caller's own key only.</summary>
    [WolverineGet("/v1/usage"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<UsageAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(HttpContext context, UsageDatabase usage, UsageCounters counters, ServerSettings settings, TimeProvider clock,
        CancellationToken ct, string? month)
    {
        var which = month is null ? UsageTables.MonthOf(clock.GetUtcNow().ToUnixTimeMilliseconds()) : UsageReport.ParseMonth(month);
        if (which is null) return ApiErrors.Invalid("month", $"month must be YYYY-MM, got '{month}'");
        // This process's requests not yet written are written first, so a caller sees its own (other processes' within a second).
        await counters.FlushAsync(ct);
        var caller = Caller.From(context);
        var team = (await UsageReport.LoadAsync(usage.DataSource, which, caller.TeamId, ct)).Single();
        if (!caller.HasScope(Scopes.Admin)) team = team with { Keys = team.Keys.Where(k => k.KeyId == caller.Actor).ToList() };
        return Results.Json(new UsageAnswer(team, new UsageCaps(settings.RateLimitPerMinute, settings.MonthlyRequestCap, settings.MonthlyTokenCap)));
    }
}
