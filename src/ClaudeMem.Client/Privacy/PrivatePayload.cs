using System.Text.Json;

namespace ClaudeMem.Client.Privacy;

/// <summary>Copies a JSON value with every string passed through <see cref="PrivateContent.Strip"/> and clipped.</summary>
public static class PrivatePayload
{
    /// <summary>Tool responses can be whole files; the server's prompts use far less of any one string.</summary>
    public const int MaxStringChars = 20_000;

    public static string Clip(string text) =>
        text.Length <= MaxStringChars ? text : string.Concat(text.AsSpan(0, MaxStringChars), $" …[{text.Length - MaxStringChars} more characters not sent]");

    public static string Clean(string text) => Clip(PrivateContent.Strip(text));

    public static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(Clean(value.GetString()!));
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
