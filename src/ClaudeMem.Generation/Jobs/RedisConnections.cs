using StackExchange.Redis;

namespace ClaudeMem.Generation.Jobs;

public static class RedisConnections
{
    /// <summary>redis://[user:password@]host[:port][/db] or rediss:// (TLS), as the TypeScript server accepted them.</summary>
    public static ConfigurationOptions FromUrl(string url)
    {
        var uri = new Uri(url);
        var options = new ConfigurationOptions
        {
            Ssl = uri.Scheme == "rediss",
            // Boot even while Valkey is away: requests keep succeeding and jobs are pushed once it is back.
            AbortOnConnectFail = false,
            ConnectRetry = 3,
            ConnectTimeout = 5000,
            SyncTimeout = 10_000,
            AsyncTimeout = 10_000,
            ClientName = "claude-mem",
        };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                if (parts[0].Length > 0) options.User = Uri.UnescapeDataString(parts[0]);
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else options.Password = Uri.UnescapeDataString(parts[0]);
        }
        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var database)) options.DefaultDatabase = database;
        return options;
    }
}
