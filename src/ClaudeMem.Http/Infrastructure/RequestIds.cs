using System.Text.RegularExpressions;

namespace ClaudeMem.Http.Infrastructure;

/// <summary>Every request carries an X-Request-Id: the client's if well-formed, else a new one; echoed back and audited.</summary>
public static partial class RequestIds
{
    public const string Header = "X-Request-Id";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex WellFormed();

    public static string Of(HttpContext context) => context.TraceIdentifier;

    public static async Task AssignAsync(HttpContext context, RequestDelegate next)
    {
        var offered = context.Request.Headers[Header].ToString();
        var id = WellFormed().IsMatch(offered) ? offered : "req_" + Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        await next(context);
    }
}
