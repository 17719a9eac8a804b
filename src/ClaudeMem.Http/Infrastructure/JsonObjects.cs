using System.Text.Json;

namespace ClaudeMem.Http.Infrastructure;

public static class JsonObjects
{
    /// <summary>An optional object field as stored: a JSON <c>null</c> (or any non-object, which Validate already refused) is no value.</summary>
    public static JsonElement? OrNull(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } ? value : null;
}
