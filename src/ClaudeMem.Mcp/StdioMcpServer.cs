using ClaudeMem.Client;
using ClaudeMem.Client.Api;
using ClaudeMem.Client.Hooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Protocol;

namespace ClaudeMem.Mcp;

/// <summary>`claude-mem mcp`: the MCP server on stdin/stdout, forwarding to the server with the installed key.</summary>
public static class StdioMcpServer
{
    public static async Task<int> RunAsync(ClientPaths paths, string workingDirectory, TextWriter stderr, CancellationToken ct)
    {
        var config = ClientConfig.Load(paths);
        if (!config.IsConfigured)
        {
            stderr.WriteLine($"claude-mem: no server configured: run 'claude-mem install' (or set {ClientEnvironment.ServerUrl} and {ClientEnvironment.ApiKey})");
            return 1;
        }
        var project = ProjectIdentity.Resolve(workingDirectory, config.ProjectOverride);
        using var api = new ServerApi(config.ServerUrl!, config.ApiKey);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(new McpBackend(api, project.AllNames));
        AddTools(builder.Services.AddMcpServer(ConfigureServer)).WithStdioServerTransport();
        await builder.Build().RunAsync(ct);
        return 0;
    }

    public static void ConfigureServer(ModelContextProtocol.Server.McpServerOptions options)
    {
        options.ServerInfo = new Implementation { Name = McpInstructions.ServerName, Version = typeof(MemoryTools).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" };
        options.ServerInstructions = McpInstructions.Text;
    }

    public static IMcpServerBuilder AddTools(IMcpServerBuilder builder) => builder.WithTools<MemoryTools>();
}
