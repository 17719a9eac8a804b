using System.Net.Http.Headers;

namespace ClaudeMem.Generation.Providers;

internal static class HeaderNames
{
    public const string RetryAfter = "retry-after";
    public const string AnthropicApiKey = "x-api-key";
    public const string AnthropicVersion = "anthropic-version";
    public const string GoogleApiKey = "x-goog-api-key";
    public const string OpenRouterTitle = "X-Title";
}
