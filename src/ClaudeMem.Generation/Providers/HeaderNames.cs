using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaudeMem.Generation.Providers;

internal static class HeaderNames
{
    public const string RetryAfter = "retry-after";
    public const string AnthropicApiKey = "x-api-key";
    public const string AnthropicVersion = "anthropic-version";
    public const string GoogleApiKey = "x-goog-api-key";
    public const string OpenRouterTitle = "X-Title";
}
