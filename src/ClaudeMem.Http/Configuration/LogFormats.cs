namespace ClaudeMem.Http.Configuration;

public static class LogFormats
{
    public const string Text = "text";
    public const string Json = "json";
}
