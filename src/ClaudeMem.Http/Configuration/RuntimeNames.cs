namespace ClaudeMem.Http.Configuration;

public static class RuntimeNames
{
    public const string ServerBeta = "server-beta";
}
