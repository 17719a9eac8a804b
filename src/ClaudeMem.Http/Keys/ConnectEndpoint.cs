using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Keys;

public static class ConnectEndpoint
{
    /// <summary>The server's public URL and the commands that connect Claude Code to it.</summary>
    [WolverineGet("/v1/connect"), Authorize(Policy = ScopePolicies.Read)]
    [ProducesResponseType<ConnectInfo>(StatusCodes.Status200OK)]
    public static ConnectInfo Get(HttpContext context, ServerSettings settings) => ConnectInfo.For(settings, context.Request);
}
