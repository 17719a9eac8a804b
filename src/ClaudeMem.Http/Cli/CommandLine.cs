using ClaudeMem.Http.Configuration;
using JasperFx;

namespace ClaudeMem.Http.Cli;

public static class CommandLine
{
    public const int UsageExit = 64;
    public const int ConfigurationExit = 2;

    /// <summary>The CLI verbs' clock: they run outside the host's container, so they take the system one from here, never DateTime.UtcNow.</summary>
    public static readonly TimeProvider Clock = TimeProvider.System;

    public static readonly string Usage = $"""
        usage: claude-mem <verb>
          server start [--daemon]          run the HTTP server (foreground unless --daemon)
          server stop | server status      stop or show the daemon (pid file: CLAUDE_MEM_PID_FILE)
          server worker start [--concurrency N]   generation worker: consumes the event and summary queues
          server api-key create --name N --scope a,b [--team T] [--project P] [--expires-in-days D] [--json]
          server api-key list [--json]     keys without secrets
          server api-key revoke <id>
          server jobs list [--status S] [--kind K] [--team T] [--project P] [--limit N] [--json]
          server jobs inspect <id> | retry <id> | cancel <id>
          server usage [--team T] [--month YYYY-MM] [--json]   requests, provider tokens, observations per team and key
          db-apply                         create or update the database schema
          projections rebuild              rebuild every read model from the events
        {ClaudeMem.Client.Setup.SetupCommands.Usage}
        scopes: memories:read, memories:write, memories:admin, *
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args switch
            {
                [] or ["help" or "--help" or "-h"] or ["server"] or ["server", "help" or "--help" or "-h"] => PrintUsage(),
                ["server", "start", .. var rest] => await ServerCommands.StartAsync(rest),
                ["server", "stop"] => await ServerCommands.StopAsync(),
                ["server", "status"] => await ServerCommands.StatusAsync(),
                ["server", "api-key", .. var rest] => await ApiKeyCommands.RunAsync(rest),
                ["server", "worker", "start", .. var rest] => await WorkerCommands.StartAsync(rest),
                ["server", "jobs", .. var rest] => await JobCommands.RunAsync(rest),
                ["server", "usage", .. var rest] => await UsageCommands.RunAsync(rest),
                ["server", var verb, ..] => throw new CliException($"unknown verb 'server {verb}'; run 'claude-mem help'", UsageExit),
                _ => await RunJasperFxAsync(args),
            };
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"claude-mem: {e.Message}");
            return e.ExitCode;
        }
    }

    private static int PrintUsage()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    /// <summary>db-apply, projections, codegen and the rest of the Critter Stack's verbs, on the configured host.</summary>
    private static async Task<int> RunJasperFxAsync(string[] args)
    {
        var settings = ValidatedSettings(ProcessRole.Server);
        await ServerCommands.RequireDatabaseAsync(settings);
        var builder = ServerApp.CreateBuilder(settings, args);
        var app = builder.Build();
        ServerApp.ConfigurePipeline(app);
        return await app.RunJasperFxCommands(args);
    }

    /// <summary>Applies the boot rules; prints warnings, and every violated rule on its own line before failing.</summary>
    public static ServerSettings ValidatedSettings(ProcessRole role)
    {
        var outcome = StartupValidation.Validate(StartupValidation.ProcessEnvironment(), role, File.Exists(StartupValidation.DockerMarkerFile));
        foreach (var warning in outcome.Warnings) Console.Error.WriteLine($"claude-mem: warning: {warning}");
        if (outcome.IsValid) return outcome.Settings;
        foreach (var error in outcome.Errors.Skip(1)) Console.Error.WriteLine($"claude-mem: {error}");
        throw new CliException(outcome.Errors[0], ConfigurationExit);
    }

    public static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name)
                return i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[i + 1]
                    : throw new CliException($"{name} needs a value", UsageExit);
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal)) return args[i][(name.Length + 1)..];
        }
        return null;
    }

    public static void RejectUnknown(IReadOnlyList<string> args, string[] valueOptions, string[] flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].Split('=', 2)[0];
            if (valueOptions.Contains(name)) { if (!args[i].Contains('=')) i++; continue; }
            if (flags.Contains(args[i])) continue;
            throw new CliException($"unexpected argument '{args[i]}'; run 'claude-mem help'", UsageExit);
        }
    }
}
