using System.Text.Json;
using ClaudeMem.Events.Usage;
using ClaudeMem.Http.Usage;
using Npgsql;

namespace ClaudeMem.Http.Cli;

/// <summary>`server usage`: the operator's view of GET /v1/usage, every team unless --team.</summary>
public static class UsageCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, ["--team", "--month"], ["--json"]);
        var monthText = CommandLine.Option(args, "--month");
        var month = monthText is null ? UsageTables.MonthOf(CommandLine.Clock.GetUtcNow().ToUnixTimeMilliseconds()) : UsageReport.ParseMonth(monthText)
            ?? throw new CliException($"--month must be YYYY-MM, got '{monthText}'", CommandLine.UsageExit);
        var team = CommandLine.Option(args, "--team");

        await using var database = NpgsqlDataSource.Create(await CliStore.ConnectionStringAsync());
        IReadOnlyList<TeamUsage> teams;
        try
        {
            teams = await UsageReport.LoadAsync(database, month, team, CancellationToken.None);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The server has never started on this database: nothing was counted yet.
            teams = team is null ? [] : [new TeamUsage(team, month, 0, 0, 0, [])];
        }

        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(teams, Json));
            return 0;
        }
        Console.WriteLine($"usage in {month} (UTC)");
        Console.WriteLine($"{"TEAM",-20} {"KEY",-22} {"REQUESTS",12} {"TOKENS",14} {"OBSERVATIONS",14}");
        foreach (var t in teams)
        {
            Console.WriteLine($"{t.TeamId,-20} {"(team)",-22} {t.Requests,12} {t.Tokens,14} {t.Observations,14}");
            foreach (var k in t.Keys) Console.WriteLine($"{"",-20} {k.KeyId,-22} {k.Requests,12} {k.Tokens,14} {k.Observations,14}");
        }
        return 0;
    }
}
