// claude-mem-hook <event>: Claude Code runs this for each hook; it always exits 0.
using ClaudeMem.Client;
using ClaudeMem.Client.Hooks;

return await HookRunner.RunAsync(args, Console.In, Console.Out, Console.Error, ClientPaths.FromEnvironment());
