using ClaudeMem.Client;
using ClaudeMem.Client.Setup;
using ClaudeMem.Mcp;

// The client verbs run before anything of the server (Marten, Wolverine, the host) is touched.
return args switch
{
    ["install" or "uninstall" or "doctor", .. var rest] => await SetupCommands.RunAsync(args[0], rest, Console.In, Console.Out, Console.Error,
        ClientPaths.FromEnvironment(), Environment.CurrentDirectory, CancellationToken.None),
    ["mcp"] => await StdioMcpServer.RunAsync(ClientPaths.FromEnvironment(), Environment.CurrentDirectory, Console.Error, CancellationToken.None),
    _ => await ClaudeMem.Http.Cli.CommandLine.RunAsync(args),
};
