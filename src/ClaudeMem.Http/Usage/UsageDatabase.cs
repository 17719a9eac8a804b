namespace ClaudeMem.Http.Usage;

/// <summary>The connection pool the usage counters and reports use (a named type, so Wolverine can inject it).</summary>
public sealed record UsageDatabase(Npgsql.NpgsqlDataSource DataSource);
