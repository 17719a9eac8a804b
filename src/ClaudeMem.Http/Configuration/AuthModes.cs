namespace ClaudeMem.Http.Configuration;

public static class AuthModes
{
    public const string ApiKey = "api-key";
    public const string LocalDev = "local-dev";
}
