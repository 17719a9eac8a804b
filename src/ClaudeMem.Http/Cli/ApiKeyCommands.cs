using System.Text.Json;
using ClaudeMem.Events.Access;
using ClaudeMem.Http.Keys;

namespace ClaudeMem.Http.Cli;

public static class ApiKeyCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        return args switch
        {
            ["create", .. var rest] => await CreateAsync(rest),
            ["list", .. var rest] => await ListAsync(rest),
            ["revoke", var id] when !id.StartsWith("--", StringComparison.Ordinal) => await RevokeAsync(id),
            ["revoke", ..] => throw new CliException("usage: claude-mem server api-key revoke <id>", CommandLine.UsageExit),
            _ => throw new CliException("usage: claude-mem server api-key create|list|revoke", CommandLine.UsageExit),
        };
    }

    private static async Task<int> CreateAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, ["--name", "--scope", "--team", "--project", "--expires-in-days"], ["--json"]);
        var name = CommandLine.Option(args, "--name") ?? throw new CliException("--name is required", CommandLine.UsageExit);
        var scopes = (CommandLine.Option(args, "--scope") ?? throw new CliException("--scope is required (e.g. memories:read,memories:write)", CommandLine.UsageExit))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var team = CommandLine.Option(args, "--team");
        var project = CommandLine.Option(args, "--project");
        long? expires = null;
        if (CommandLine.Option(args, "--expires-in-days") is { } days)
        {
            if (!int.TryParse(days, out var d) || d < 1) throw new CliException("--expires-in-days must be a positive number of days", CommandLine.UsageExit);
            expires = CommandLine.Clock.GetUtcNow().AddDays(d).ToUnixTimeMilliseconds();
        }

        await using var store = await CliStore.OpenAsync();
        ApiKeyAdmin.Created created;
        try
        {
            created = await ApiKeyAdmin.CreateAsync(store, name, scopes, team, project, expires, Now(), CancellationToken.None);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, CommandLine.UsageExit);
        }
        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { key = created.RawKey, apiKey = Describe(created.Key) }, Json));
        }
        else
        {
            Console.WriteLine($"created API key {created.Key.Id} '{name}' (team {created.Key.TeamId}{(project is null ? "" : $", project {project}")}, scopes {string.Join(",", created.Key.Scopes)})");
            Console.WriteLine("key (shown once, store it now):");
            Console.WriteLine(created.RawKey);
        }
        return 0;
    }

    private static async Task<int> ListAsync(string[] args)
    {
        CommandLine.RejectUnknown(args, [], ["--json"]);
        await using var store = await CliStore.OpenAsync();
        var keys = await ApiKeyAdmin.ListAsync(store, CancellationToken.None);
        if (args.Contains("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(keys.Select(Describe), Json));
            return 0;
        }
        Console.WriteLine($"{"ID",-22} {"NAME",-20} {"SCOPES",-32} {"TEAM",-12} {"PROJECT",-16} {"CREATED",-20} {"LAST USED",-20} STATUS");
        foreach (var k in keys)
        {
            var status = Describe(k).Status;
            Console.WriteLine($"{k.Id,-22} {Truncate(k.Name, 20),-20} {string.Join(",", k.Scopes),-32} {k.TeamId,-12} {k.ProjectId ?? "*",-16} {Time(k.CreatedAtEpoch),-20} {Time(k.LastUsedAtEpoch),-20} {status}");
        }
        return 0;
    }

    private static async Task<int> RevokeAsync(string id)
    {
        await using var store = await CliStore.OpenAsync();
        var key = await ApiKeyAdmin.RevokeAsync(store, id, Now(), CancellationToken.None)
            ?? throw new CliException($"no API key with id '{id}'");
        Console.WriteLine($"revoked API key {key.Id} '{key.Name}'");
        return 0;
    }

    private static KeyDescriptor Describe(ApiKey k) => KeyDescriptor.From(k, Now());

    private static long Now() => CommandLine.Clock.GetUtcNow().ToUnixTimeMilliseconds();
    private static string Time(long? epoch) => epoch is null ? "never" : DateTimeOffset.FromUnixTimeMilliseconds(epoch.Value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss");
    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
