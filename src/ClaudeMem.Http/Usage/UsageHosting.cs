using ClaudeMem.Http.Configuration;

namespace ClaudeMem.Http.Usage;

public static class UsageHosting
{
    public static void Add(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(new UsageDatabase(Npgsql.NpgsqlDataSource.Create(settings.DatabaseConnectionString)));
        services.AddSingleton<UsageCounters>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageCounters>());
    }
}
