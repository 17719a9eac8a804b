namespace ClaudeMem.Http.Infrastructure;

/// <summary>
/// Headers every answer carries: no content sniffing anywhere, and nothing a key could read stored
/// by a cache on the way. Health routes also answer HEAD, as load balancers probe them.
/// </summary>
public static class ResponseHeaders
{
    public static readonly string[] HealthPaths = ["/healthz", "/api/readiness", "/api/health"];

    public static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (context.Request.Headers.Authorization.Count > 0 || context.Request.Headers.ContainsKey(Auth.ApiKeyAuthentication.ApiKeyHeader))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        // HEAD runs the GET route; the server sends its headers and no body.
        if (HttpMethods.IsHead(context.Request.Method) && HealthPaths.Contains(context.Request.Path.Value))
            context.Request.Method = HttpMethods.Get;
        return next(context);
    }
}
