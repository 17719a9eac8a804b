using ClaudeMem.Client.Api;
using ClaudeMem.Http.Configuration;
using ClaudeMem.Mcp;

namespace ClaudeMem.Http.Mcp;

/// <summary>
/// The MCP server over Streamable HTTP at /v1/mcp, behind the same API-key auth (memories:read to
/// connect). Its tools are the stdio server's: each call goes to this server's own REST routes on
/// loopback with the caller's key, so scopes (add_memory needs memories:write), tenant rules and
/// validation are the REST routes' own, not a second copy.
/// </summary>
public static class McpHosting
{
    public const string Route = "/v1/mcp";

    /// <summary>Shared by all MCP requests: the loopback connection pool to this server.</summary>
    public sealed record Loopback(HttpClient Http);

    public static void AddServices(IServiceCollection services, ServerSettings settings)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(new Loopback(ServerApi.CreateClient(LoopbackUrl(settings))));
        services.AddScoped(sp =>
        {
            var request = sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request;
            var key = request is null ? null : ApiKeyAuthentication.PresentedKey(request);
            return new McpBackend(new ServerApi(sp.GetRequiredService<Loopback>().Http, key), []);
        });
        // Stateless: every POST stands alone, so any server process of a deployment can answer it.
        StdioMcpServer.AddTools(services.AddMcpServer(StdioMcpServer.ConfigureServer).WithHttpTransport(o => o.Stateless = true));
    }

    /// <summary>MCP speaks JSON-RPC on one route; it is described by its tool list, not by the OpenAPI document.</summary>
    public static void Map(WebApplication app) => app.MapMcp(Route).RequireAuthorization(ScopePolicies.Read).ExcludeFromDescription();

    private static Uri LoopbackUrl(ServerSettings settings)
    {
        var host = settings.Host is "0.0.0.0" or "*" or "+" ? "127.0.0.1" : settings.Host is "::" ? "[::1]" : settings.Host.Contains(':') ? $"[{settings.Host}]" : settings.Host;
        return new Uri($"http://{host}:{settings.Port}");
    }
}
