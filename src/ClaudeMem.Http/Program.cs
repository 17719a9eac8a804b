return await ClaudeMem.Http.Cli.CommandLine.RunAsync(args);
